// Browser test of the search page: builds the fixture site with
// cmd/searchfixture, serves it on loopback and drives Debian's Chromium
// through playwright-core. Run from the repository root: node --test e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, extname } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.bin': 'application/octet-stream' };

let dir, server, base, browser;
const pageErrors = [];

// serve is a tiny static file server, like a static host without compression.
function serve(root) {
  return createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = normalize(join(root, p));
    try {
      if (!file.startsWith(root) || !statSync(file).isFile()) throw new Error('not found');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not found</h1>');
    }
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'search-e2e-'));
  execFileSync('go', ['run', './internal/search/cmd/searchfixture', '-o', dir], { stdio: 'inherit' });
  server = serve(dir);
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// open returns a new page at path that records uncaught errors.
async function open(path, opts = {}) {
  const ctx = await browser.newContext(opts);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(base + path);
  return page;
}
const status = (page) => page.locator('#search-status');
const resultLinks = (page) => page.locator('#search-results a');

// type enters q in the search box as a person would, key by key.
async function type(page, q) {
  await page.locator('#q').fill('');
  await page.locator('#q').pressSequentially(q, { delay: 15 });
}

test('a query shows the right results, highlighted, and announces the count', async () => {
  const page = await open('/search/');
  await type(page, 'sensor licensing');
  await assert.doesNotReject(status(page).filter({ hasText: /\d+ results? for “sensor licensing”/ }).waitFor());
  assert.equal(await status(page).getAttribute('aria-live'), 'polite');
  assert.equal(await resultLinks(page).first().textContent(), 'Sensor licensing');
  assert.equal(await resultLinks(page).first().getAttribute('href'), '/offerings/sensor-licensing/');
  const marks = await page.locator('#search-results li').first().locator('mark').allTextContents();
  assert.deepEqual(marks.slice(0, 2), ['Sensor', 'licensing']);
  const n = Number((await status(page).textContent()).match(/^\d+/)[0]);
  assert.equal(await page.locator('#search-results li').count(), Math.min(n, 10));
  assert.match(page.url(), /\?q=sensor\+licensing$/);
  await page.context().close();
});

test('prefix matching while typing and the ?q= of the header form', async () => {
  const page = await open('/search/?q=immun');
  await status(page).filter({ hasText: 'for “immun”' }).waitFor();
  assert.equal(await resultLinks(page).first().textContent(), 'Roche and immunology');
  await page.context().close();
});

test('Norwegian: folding and Norwegian messages', async () => {
  const page = await open('/nb/search/');
  await type(page, 'mikroskopi');
  await status(page).filter({ hasText: /treff for «mikroskopi»/ }).waitFor();
  assert.equal(await resultLinks(page).first().textContent(), 'Elektronmikroskopi');
  // Norwegian keeps ø: typed without it, the word is read as the site's
  // spelling and offered as a correction, with the way back to what was typed.
  await type(page, 'ostersjo');
  await status(page).filter({ hasText: /«østersjø»/ }).waitFor();
  assert.equal(await resultLinks(page).first().textContent(), 'Østersjøstasjonen');
  assert.deepEqual(await page.locator('#search-results li').first().locator('mark').first().textContent(), 'Østersjøstasjonen');
  assert.match(await page.locator('.search-fix').textContent(), /østersjø.*«ostersjo»/);
  await type(page, 'Østersjøen');
  await status(page).filter({ hasText: /treff for «Østersjøen»/ }).waitFor();
  assert.equal(await page.locator('.search-fix').isVisible(), false);
  assert.equal(await resultLinks(page).first().textContent(), 'Østersjøstasjonen');
  await type(page, 'xyzzyq');
  await status(page).filter({ hasText: 'Ingen treff for «xyzzyq»' }).waitFor();
  await page.context().close();
});

// countOf reads the count shown on the filter label whose text starts with name.
async function countOf(page, name) {
  const t = await page.locator('#search-filters label', { hasText: new RegExp(`^${name} \\(`) }).textContent();
  return Number(t.match(/\((\d+)\)$/)[1]);
}

test('filters narrow the results and show counts', async () => {
  const page = await open('/search/');
  await type(page, 'sensor');
  await status(page).filter({ hasText: /results? for “sensor”/ }).waitFor();
  const total = Number((await status(page).textContent()).match(/^\d+/)[0]);
  const energy = await countOf(page, 'energy');
  const ict = await countOf(page, 'ict');
  assert.ok(energy > 0 && energy < total, `energy ${energy} of ${total}`);
  await page.locator('#search-filters label', { hasText: /^energy \(/ }).locator('input').check();
  await status(page).filter({ hasText: new RegExp(`^${energy} results? for “sensor”`) }).waitFor();
  // Alternatives in the same group keep their counts; the section counts
  // now add up to the filtered total.
  assert.equal(await countOf(page, 'ict'), ict);
  let sum = 0;
  for (const t of await page.locator('#search-filters fieldset').first().locator('label:not([hidden])').allTextContents()) {
    sum += Number(t.match(/\((\d+)\)$/)[1]);
  }
  assert.equal(sum, energy);
  // The section labels are the localized section titles.
  assert.ok(await page.locator('#search-filters label', { hasText: /^Case studies \(/ }).count());
  await page.context().close();
});

test('keyboard: arrows move through results, Escape returns, Enter follows', async () => {
  const page = await open('/search/');
  await type(page, 'licence');
  await status(page).filter({ hasText: /for “licence”/ }).waitFor();
  const hrefs = await resultLinks(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 3);
  const focused = () => page.evaluate(() => document.activeElement.getAttribute('href') || document.activeElement.id);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), hrefs[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), hrefs[2]);
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), hrefs[1]);
  await page.keyboard.press('Escape');
  assert.equal(await focused(), 'q');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab'); // Tab works too: the next link
  assert.equal(await focused(), hrefs[1]);
  await Promise.all([page.waitForURL(base + hrefs[1]), page.keyboard.press('Enter')]);
  await page.context().close();
});

test('"Show more results" appends the next ten', async () => {
  const page = await open('/search/?q=sensor');
  await status(page).filter({ hasText: /results? for “sensor”/ }).waitFor();
  const total = Number((await status(page).textContent()).match(/^\d+/)[0]);
  assert.ok(total > 10, `only ${total} results`);
  assert.equal(await page.locator('#search-results li').count(), 10);
  await page.getByRole('button', { name: 'Show more results' }).click();
  await page.locator('#search-results li').nth(Math.min(total, 20) - 1).waitFor();
  assert.equal(await page.locator('#search-results li').count(), Math.min(total, 20));
  assert.equal(await page.getByRole('button', { name: 'Show more results' }).isVisible(), total > 20);
  await page.context().close();
});

test('bad input never throws: symbols, stop words, emoji, huge queries', async () => {
  const page = await open('/search/');
  for (const q of ['??!!', 'the', '🙂🙂 ﷽', 'x'.repeat(3000), '<img src=x onerror=alert(1)>', '\u202eevil']) {
    await page.locator('#q').fill(q);
    await page.locator('#q').press('Enter');
    await status(page).filter({ hasText: /No results|results? for/ }).waitFor();
  }
  await type(page, 'the ');
  await status(page).filter({ hasText: 'Try more specific words' }).waitFor();
  assert.equal(await page.locator('#search-results li').count(), 0);
  assert.equal(await page.locator('img').count(), 0);
  await page.context().close();
});

test('a corrupt or missing shard shows a clear message, without errors', async () => {
  for (const [what, reply] of [['garbage', { status: 200, body: 'not gzip at all' }], ['404', { status: 404, body: 'Not found' }]]) {
    const page = await open('/search/');
    let shardRequests = 0;
    await page.route('**/search/en/t/**', (route) => { shardRequests++; return route.fulfill(reply); });
    await type(page, 'sensor');
    await status(page).filter({ hasText: 'Search is not available right now' }).waitFor();
    assert.equal(await page.locator('#search-results li').count(), 0, what);
    // No retry loop: the failed shard is fetched again only on new input.
    await page.waitForTimeout(300); // let the last keystroke's search finish
    const seen = shardRequests;
    await page.waitForTimeout(1000);
    assert.equal(shardRequests, seen, `${what}: shard requests kept coming`);
    await page.context().close();
  }
  const page = await open('/search/');
  await page.route('**/search/en/r/**', (route) => route.fulfill({ status: 200, body: '\x1f\x8b garbage' }));
  await type(page, 'sensor');
  await status(page).filter({ hasText: 'Search is not available right now' }).waitFor();
  await page.context().close();
});

test('without JavaScript the page says so and links to the sections', async () => {
  const page = await open('/search/?q=sensor', { javaScriptEnabled: false });
  const text = await page.locator('body').textContent();
  assert.match(text, /Search needs JavaScript/);
  assert.ok(await page.locator('noscript, a[href="/case-studies/"]').count());
  await page.context().close();
});

test('search.js ranks exactly as the Go reader does', async () => {
  const page = await open('/search/');
  for (const e of JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8'))) {
    await page.goto(`${base}${e.lang === 'en' ? '' : '/' + e.lang}/search/?q=${encodeURIComponent(e.query)}`);
    await status(page).filter({ hasText: /\d|No results|Ingen treff/ }).waitFor();
    const hrefs = await resultLinks(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, e.urls, `${e.lang} “${e.query}”`);
    const n = (await status(page).textContent()).match(/^\d+/);
    assert.equal(n ? Number(n[0]) : 0, e.total, `${e.lang} “${e.query}” count`);
    const fixed = await page.locator('.search-fix:not([hidden]) strong').allTextContents();
    assert.deepEqual(fixed, e.fixed ? [e.fixed] : [], `${e.lang} “${e.query}” correction`);
  }
  await page.context().close();
});

test('the JavaScript Snowball stemmers stem every word as the Go ones do', async () => {
  const page = await open('/search/');
  const want = JSON.parse(readFileSync(join(dir, 'stems.json'), 'utf8'));
  const got = await page.evaluate((w) => Object.fromEntries(Object.entries(w).map(([l, ws]) =>
    [l, Object.fromEntries(Object.keys(ws).map((x) => [x, self.PortalStem[l](x)]))])), want);
  assert.deepEqual(got, want);
  await page.context().close();
});

test('a typo: "Showing results for …" and a link to search for exactly what was typed', async () => {
  const page = await open('/search/');
  await type(page, 'intership');
  await status(page).filter({ hasText: /results? for “internships”/ }).waitFor();
  assert.equal(await resultLinks(page).first().getAttribute('href'), '/offerings/internships/');
  const fix = page.locator('.search-fix');
  assert.match(await fix.textContent(), /^Showing results for internships\. Search instead for “intership”$/);
  await fix.locator('a').click();
  await status(page).filter({ hasText: 'No results for “intership”' }).waitFor();
  assert.match(page.url(), /exact=1/);
  assert.equal(await fix.isVisible(), false);
  await page.context().close();
});

test('a result under a heading links to it and says "in: <heading>"; other languages are marked', async () => {
  const page = await open('/search/?q=seed+funding');
  await status(page).filter({ hasText: /results? for/ }).waitFor();
  const first = page.locator('#search-results li').first();
  assert.equal(await first.locator('a').getAttribute('href'), '/offerings/spin-off-support/#funding');
  assert.equal(await first.locator('.search-in').textContent(), 'in: Funding');
  await page.goto(base + '/nb/search/?q=isotope');
  await status(page).filter({ hasText: /treff for «isotope»/ }).waitFor();
  const nb = page.locator('#search-results li').first();
  assert.equal(await nb.locator('.search-lang').textContent(), ' English');
  assert.equal(await nb.locator('.search-lang').getAttribute('lang'), 'en');
  assert.equal(await nb.locator('a').getAttribute('lang'), 'en');
  await page.context().close();
});

// missPage opens the search page with the miss endpoint recorded.
async function missPage(opts = {}, init) {
  const ctx = await browser.newContext(opts);
  if (init) await ctx.addInitScript(init);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const reports = [];
  await page.route('**/api/search-miss', (route) => {
    const r = route.request();
    reports.push({ body: JSON.parse(r.postData()), cookie: r.headers().cookie || '' });
    return route.fulfill({ status: 204 });
  });
  await page.goto(base + '/search/');
  return { page, reports };
}

test('a search that found nothing is reported once, after the visitor stops typing', async () => {
  const { page, reports } = await missPage();
  await page.context().addCookies([{ name: 'session', value: 'x', url: base }]);
  await type(page, 'xyzzyq plugh');
  await status(page).filter({ hasText: 'No results for “xyzzyq plugh”' }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(reports.length, 0, 'reported while the visitor may still be typing');
  await page.waitForTimeout(2300);
  assert.equal(reports.length, 1);
  const today = new Date();
  const day = today.getFullYear() + '-' + String(today.getMonth() + 1).padStart(2, '0') + '-' + String(today.getDate()).padStart(2, '0');
  assert.deepEqual(reports[0].body, { q: 'xyzzyq plugh', lang: 'en', day });
  assert.equal(reports[0].cookie, '', 'the report carries no cookie');
  // The same query again, and a query that finds something: no more reports.
  await type(page, 'sensor');
  await status(page).filter({ hasText: /results? for “sensor”/ }).waitFor();
  await type(page, 'xyzzyq plugh');
  await status(page).filter({ hasText: 'No results' }).waitFor();
  await page.waitForTimeout(2500);
  assert.equal(reports.length, 1);
  await page.context().close();
});

test('no report when the browser asks not to be tracked', async () => {
  for (const init of [() => Object.defineProperty(navigator, 'globalPrivacyControl', { get: () => true }),
    () => Object.defineProperty(navigator, 'doNotTrack', { get: () => '1' })]) {
    const { page, reports } = await missPage({}, init);
    await type(page, 'xyzzyq');
    await status(page).filter({ hasText: 'No results' }).waitFor();
    await page.waitForTimeout(2500);
    assert.equal(reports.length, 0);
    await page.context().close();
  }
});

test('bad input: huge, other scripts, mixed, 50 typos: results or no results, one report per settled query', async () => {
  const { page, reports } = await missPage();
  let indexRequests = 0;
  page.on('request', (r) => { if (/\/search\/en\//.test(r.url())) indexRequests++; });
  const typos = Array.from({ length: 50 }, (_, i) => 'snesor'.slice(0, 3 + (i % 3)) + 'qx' + i).join(' ');
  const queries = ['ab'.repeat(5000), '研究 合作 许可', 'ترخيص البحث', 'sensor forskning lisens research', typos, 'the and of', '!!! ??? ###'];
  for (const q of queries) {
    await page.locator('#q').fill(q);
    await page.locator('#q').press('Enter');
    await status(page).filter({ hasText: /No results|results? for/ }).waitFor({ timeout: 3000 });
    await page.waitForTimeout(2300); // settled: a report may go
  }
  // Only the queries of words that found nothing are reported, once each.
  const sent = reports.map((r) => r.body.q);
  assert.equal(new Set(sent).size, sent.length, 'a query reported twice');
  assert.ok(sent.length <= queries.length);
  assert.ok(!sent.includes(''), 'an empty report');
  assert.ok(indexRequests < 60, `${indexRequests} index requests for ${queries.length} queries`);
  await page.context().close();
});

test('no uncaught errors on any page', () => {
  assert.deepEqual(pageErrors, []);
});
