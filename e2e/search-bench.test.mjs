// Measures what the query "immunology licence" costs a visitor on a
// 13,000-document index (synthetic, or the gencorpus tree in $SEARCH_CORPUS):
// bytes transferred for search.js and the index files, and the time from the
// last keystroke to the announced result count. Only the transfer budget is
// asserted; the timing is printed for docs/bench-search.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, extname } from 'node:path';
import { chromium } from 'playwright-core';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let dir, server, base, browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'search-bench-'));
  const src = process.env.SEARCH_CORPUS ? ['-corpus', process.env.SEARCH_CORPUS] : ['-synthetic', '13000'];
  execFileSync('go', ['run', './internal/search/cmd/searchfixture', '-o', dir, ...src], { stdio: 'inherit' });
  server = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = normalize(join(dir, p));
    try {
      if (!file.startsWith(dir) || !statSync(file).isFile()) throw new Error();
      res.writeHead(200, { 'content-type': { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' }[extname(file)] || 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Two fast typists (60 ms a key: few intermediate lists) and a slow one (150 ms:
// every keystroke searches, the most a typed query can cost).
for (const [trial, delay] of [[1, 60], [2, 60], [3, 150]]) test(`"immunology licence" on 13,000 documents, typed ${delay} ms a key: transfer and latency`, async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const loads = [];
  page.on('requestfinished', (req) => loads.push(req.sizes().then((s) => ({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize }))));
  await page.goto(base + '/search/');
  await page.evaluate(() => {
    window.benchKey = 0;
    document.getElementById('q').addEventListener('keydown', () => { window.benchKey = performance.now(); });
    new MutationObserver(() => {
      if (/for “immunology licence”/.test(document.getElementById('search-status').textContent)) window.benchDone ||= performance.now();
    }).observe(document.getElementById('search-status'), { childList: true, characterData: true, subtree: true });
  });
  await page.locator('#q').pressSequentially('immunology licence', { delay });
  await page.waitForFunction(() => window.benchDone);
  const ms = await page.evaluate(() => window.benchDone - window.benchKey);
  const all = await Promise.all(loads);
  const search = all.filter((l) => /\/search\/(en\/|snowball\.js)|\/js\/search\.js/.test(l.url));
  const page0 = all.filter((l) => !/\/search\/en\//.test(l.url));
  const kb = (ls) => (ls.reduce((s, l) => s + l.bytes, 0) / 1024).toFixed(1);
  console.log(`# ${delay} ms a key: ${search.length} requests, ${kb(search)} KB for script and index; page without index ${kb(page0)} KB; results ${ms.toFixed(0)} ms after the last keystroke`);
  if (trial === 1) for (const l of search) console.log(`#   ${(l.bytes / 1024).toFixed(1)} KB ${l.url.replace(base, '')}`);
  assert.ok(search.reduce((s, l) => s + l.bytes, 0) <= 150 * 1024, 'over the 150 KB budget');
  // On 13,000 documents, with many ties, the order still matches the Go reader.
  const want = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')).find((e) => e.lang === 'en' && e.query === 'immunology licence');
  assert.deepEqual(await page.locator('#search-results a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), want.urls);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('"immunology licence" from the header form (?q=): transfer', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const loads = [];
  page.on('requestfinished', (req) => loads.push(req.sizes().then((s) => ({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize }))));
  await page.goto(base + '/search/?q=immunology+licence');
  await page.locator('#search-status').filter({ hasText: /for “immunology licence”/ }).waitFor();
  const search = (await Promise.all(loads)).filter((l) => /\/search\/(en\/|snowball\.js)|\/js\/search\.js/.test(l.url));
  const bytes = search.reduce((s, l) => s + l.bytes, 0);
  console.log(`# submitted query: ${search.length} requests, ${(bytes / 1024).toFixed(1)} KB for script and index`);
  assert.ok(bytes <= 150 * 1024);
  await ctx.close();
});
