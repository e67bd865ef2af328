// Every language search stems, in the browser: the fixture site of the
// shared word lists (internal/search/testdata/words, one index per
// language with a Snowball stemmer; cmd/searchfixture -words) is searched
// in Chromium, and every answer must be the Go reader's (expect.json):
// single words as written, two words, a stop word with a word, and, in the
// compounding languages, two words written as one, with and without a
// linking letter. The stemmers the page loads must stem every word of the
// lists as the Go ones do (stems.json). Run: node --test e2e/search-languages.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './lib/browser.mjs';
import { repoRoot, serve } from './lib/site.mjs';

let dir, server, browser;
const pageErrors = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'search-languages-'));
  execFileSync('go', ['run', './internal/search/cmd/searchfixture', '-o', dir, '-words', 'internal/search/testdata/words'],
    { cwd: repoRoot, stdio: 'inherit' });
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(path) {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(server.origin + path);
  return page;
}

test('every language: the browser stems every word of the shared list as Go does', async () => {
  const page = await open('/search/');
  const want = JSON.parse(readFileSync(join(dir, 'stems.json'), 'utf8'));
  assert.ok(Object.keys(want).length >= 18, 'languages in stems.json');
  const got = await page.evaluate((w) => Object.fromEntries(Object.entries(w).map(([l, ws]) =>
    [l, Object.fromEntries(Object.keys(ws).map((x) => [x, self.PortalStem[l](x)]))])), want);
  assert.deepEqual(got, want);
  await page.context().close();
});

test('every language: search.js answers as the Go reader does (stems, stop words, compounds)', async () => {
  const expect = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8'));
  const page = await open('/search/');
  for (const e of expect) {
    await page.goto(`${server.origin}${e.page}?q=${encodeURIComponent(e.query)}`);
    await page.waitForFunction(() => document.getElementById('search-status').textContent !== '');
    const hrefs = await page.locator('#search-results li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, e.urls, `${e.lang} “${e.query}”`);
    const n = (await page.locator('#search-status').textContent()).match(/^\d+/);
    assert.equal(n ? Number(n[0]) : 0, e.total, `${e.lang} “${e.query}” count`);
  }
  await page.context().close();
});

test('a Swedish search page loads one stemmer script, and "och" finds nothing', async () => {
  const page = await (await browser.newContext()).newPage();
  const scripts = [];
  page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
  await page.goto(server.origin + '/sv/search/?q=och');
  await page.waitForFunction(() => document.getElementById('search-status').textContent !== '');
  assert.deepEqual(scripts.sort(), ['/js/search.js', '/search/snowball.js']);
  // "och" is a Swedish stop word: it finds nothing rather than every page.
  assert.equal(await page.locator('#search-results li').count(), 0);
  await page.context().close();
});

test('no uncaught errors on any page', () => {
  assert.deepEqual(pageErrors, []);
});
