#!/usr/bin/env node
// scripts/search-bytes.mjs SITE_DIR: what "immunology licence" costs a
// visitor on a built site, for portal's search page and for Pagefind 1.6 on
// the same site, side by side in one Chromium (docs/bench-search.md). The
// site is indexed with Pagefind first if it has no pagefind/ folder. Bytes
// are Playwright's request sizes (body + headers) of the search script, the
// stemmers and the index files (portal), or of pagefind/ (Pagefind, with
// the data of the first 10 results, as a results page shows them).
//
//	cp content/search*.md CORPUS/content/   # gencorpus writes no search page
//	portal build --source SITE -o /dev/shm/site10k && node scripts/search-bytes.mjs /dev/shm/site10k
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../e2e/lib/site.mjs';
import { launch } from '../e2e/lib/browser.mjs';
import { pagefind } from '../e2e/lib/relevance.mjs';

const dir = path.resolve(process.argv[2] || 'public');
const query = process.env.QUERY || 'immunology licence';
if (!existsSync(path.join(dir, 'pagefind'))) {
  const t = Date.now();
  await pagefind(dir);
  console.log(`pagefind indexed ${dir} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
const server = await serve(dir);
const browser = await launch();
const kb = (ls) => (ls.reduce((s, l) => s + l.bytes, 0) / 1024).toFixed(1);

// measure opens a fresh page, runs act, and returns the requests matching re.
async function measure(re, act) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const loads = [];
  page.on('requestfinished', (r) => loads.push(r.sizes().then((s) => ({ url: r.url(), bytes: s.responseBodySize + s.responseHeadersSize }))));
  const ms = await act(page);
  const all = (await Promise.all(loads)).filter((l) => re.test(l.url));
  await ctx.close();
  if (process.env.LIST) for (const l of all) console.log(`  ${(l.bytes / 1024).toFixed(1)} KB ${l.url.replace(server.origin, '')}`);
  return { n: all.length, kb: kb(all), ms };
}
const mine = /\/search\/(en\/|snowball\.js)|\/js\/search\.js/;
const status = (page) => page.locator('#search-status').filter({ hasText: new RegExp('for “' + query + '”') });
try {
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${os.cpus().length} cores; query "${query}"`);
  const sub = await measure(mine, async (page) => {
    await page.goto(server.origin + '/search/?q=' + encodeURIComponent(query));
    await status(page).waitFor();
  });
  console.log(`portal, from the header form (?q=): ${sub.kb} KB in ${sub.n} requests`);
  for (const delay of [60, 60, 150]) {
    const typed = await measure(mine, async (page) => {
      await page.goto(server.origin + '/search/');
      await page.evaluate((q) => {
        document.getElementById('q').addEventListener('keydown', () => { window.benchKey = performance.now(); });
        new MutationObserver(() => {
          if (document.getElementById('search-status').textContent.includes('for “' + q + '”')) window.benchDone ||= performance.now();
        }).observe(document.getElementById('search-status'), { childList: true, characterData: true, subtree: true });
      }, query);
      await page.locator('#q').pressSequentially(query, { delay });
      await page.waitForFunction(() => window.benchDone);
      return page.evaluate(() => window.benchDone - window.benchKey);
    });
    console.log(`portal, typed ${delay} ms a key: ${typed.kb} KB in ${typed.n} requests; results ${typed.ms.toFixed(0)} ms after the last keystroke`);
  }
  const pf = await measure(/\/pagefind\//, async (page) => {
    await page.goto(server.origin + '/search/');
    const t0 = await page.evaluate(() => performance.now());
    const t1 = await page.evaluate(async (q) => {
      const pf = await import('/pagefind/pagefind.js');
      const res = await pf.search(q);
      await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
      return performance.now();
    }, query);
    return t1 - t0;
  });
  console.log(`Pagefind 1.6, search and the first 10 results: ${pf.kb} KB in ${pf.n} requests (${pf.ms.toFixed(0)} ms)`);
  console.log(`portal / Pagefind: submitted ${(sub.kb / pf.kb).toFixed(2)}`);
} finally {
  await browser.close();
  await server.close();
}
