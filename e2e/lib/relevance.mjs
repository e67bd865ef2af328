// relevance.mjs: runs testdata/search/relevance.json through the real
// search page of a built site and through Pagefind 1.6 (npm, pinned in
// package.json) on the same built site, in one Chromium, and returns
// hits@3 for both: a query counts when one of its pages is among the first
// three results. Used by e2e/search-relevance.test.mjs and
// scripts/search-relevance.mjs.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './site.mjs';

const run = promisify(execFile);

/** The relevance set. */
export async function loadSet() {
  return JSON.parse(await readFile(path.join(repoRoot, 'testdata', 'search', 'relevance.json'), 'utf8')).queries;
}

/** Index dir with Pagefind 1.6 (its files go to dir/pagefind/), offline. */
export async function pagefind(dir) {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'pagefind');
  const { stdout } = await run(bin, ['--site', dir], { cwd: repoRoot, maxBuffer: 16 << 20 });
  return stdout;
}

// The page a language's search lives at.
const searchPage = (lang) => (lang === 'en' ? '/search/' : '/' + lang + '/search/');
const path_ = (href) => new URL(href, 'http://x').pathname;

/** The first three results of the search page for q, as paths. */
export async function portalTop3(page, origin, lang, q) {
  await page.goto(origin + searchPage(lang) + '?q=' + encodeURIComponent(q));
  await page.locator('#search-status').filter({ hasText: /\d|No results|Ingen treff/ }).waitFor();
  const hrefs = await page.locator('#search-results a').evaluateAll((as) => as.slice(0, 3).map((a) => a.getAttribute('href')));
  return hrefs.map(path_);
}

/** The first three results of Pagefind for q, on the language's page. */
export async function pagefindTop3(page, origin, lang, q) {
  if (!page.url().startsWith(origin + searchPage(lang))) await page.goto(origin + searchPage(lang));
  return page.evaluate(async (q) => {
    window.pf ||= await import('/pagefind/pagefind.js');
    const res = await window.pf.search(q);
    const data = await Promise.all(res.results.slice(0, 3).map((r) => r.data()));
    return data.map((d) => new URL(d.url, location.origin).pathname);
  }, q);
}

/** hits@3 of both engines on the set; rows say what each found. */
export async function compare(browser, origin, queries) {
  const ctx = await browser.newContext();
  const portal = await ctx.newPage(), pf = { en: await ctx.newPage(), nb: await ctx.newPage() };
  const rows = [];
  for (const q of queries) {
    const mine = await portalTop3(portal, origin, q.lang, q.query);
    const theirs = await pagefindTop3(pf[q.lang] || pf.en, origin, q.lang, q.query);
    const hit = (urls) => urls.some((u) => q.expect.includes(u));
    rows.push({ ...q, portal: mine, pagefind: theirs, portalHit: hit(mine), pagefindHit: hit(theirs) });
  }
  await ctx.close();
  const share = (k) => rows.filter((r) => r[k]).length / rows.length;
  return { rows, portal: share('portalHit'), pagefind: share('pagefindHit') };
}

/** A plain-text table of a comparison, per label and overall. */
export function summary({ rows, portal, pagefind }) {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const pct = (x) => (100 * x).toFixed(1) + '%';
  const lines = labels.map((l) => {
    const rs = rows.filter((r) => r.label === l);
    return `  ${l.padEnd(15)} ${String(rs.length).padStart(3)}  portal ${rs.filter((r) => r.portalHit).length}  pagefind ${rs.filter((r) => r.pagefindHit).length}`;
  });
  return [`hits@3 on ${rows.length} queries: portal ${pct(portal)}, Pagefind 1.6 ${pct(pagefind)}`, ...lines].join('\n');
}
