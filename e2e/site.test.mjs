// site.test.mjs: end-to-end checks of the built site. Run: node --test e2e/
// Builds the site (or uses E2E_SITE_DIR), serves it on 127.0.0.1, and checks
// every page with axe-core, the Nu HTML Checker, third-party requests,
// page-weight budgets and keyboard-only journeys. See docs/e2e.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, listPages, htmlFiles, serve } from './lib/site.mjs';
import { launch } from './lib/browser.mjs';
import {
  crawl, axeFailures, foreignRequests, pageWeights, domFailures, vnu, vnuFailures, report,
  BUDGET_BYTES,
} from './lib/checks.mjs';

let dir, server, browser, pages, crawled;
const log = (msg) => process.stderr.write(`# ${msg}\n`);

before(async () => {
  dir = await buildSite();
  pages = await listPages(dir);
  server = await serve(dir);
  browser = await launch();
  log(`site ${dir}: ${pages.length} pages at ${server.origin}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// One crawl (4 combos × every page) feeds the axe, request and budget tests.
function crawlOnce() {
  crawled ??= crawl(browser, server.origin, pages, { tabs: Number(process.env.E2E_TABS || 3), log });
  return crawled;
}

test('the page list covers the sitemap and every HTML file', () => {
  assert.ok(pages.includes('/'), 'home page missing');
  assert.ok(pages.includes('/404.html'), '404 page missing');
  assert.ok(pages.some((p) => p.startsWith('/nb/')), 'no Norwegian pages');
  assert.ok(pages.length > 50, `only ${pages.length} pages found`);
});

test('axe-core: no WCAG 2.1 A/AA violations on any page, light and dark, phone and desktop', async () => {
  const { visits } = await crawlOnce();
  const failures = axeFailures(visits);
  assert.equal(failures.length, 0, report('axe-core violations', failures));
});

test('no page requests anything from another origin', async () => {
  const { visits } = await crawlOnce();
  const failures = foreignRequests(visits, server.origin);
  assert.equal(failures.length, 0, report('third-party requests', failures));
});

test(`page weight: HTML + CSS + JS gzipped at most ${BUDGET_BYTES / 1024} KB per page`, async () => {
  const { visits } = await crawlOnce();
  const weights = await pageWeights(visits.filter((v) => v.dom), server.origin, dir);
  const heaviest = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a), { bytes: 0 });
  log(`heaviest page: ${heaviest.url} ${heaviest.bytes} B gzipped (${(heaviest.parts || []).join(', ')})`);
  const failures = weights.filter((w) => w.bytes > BUDGET_BYTES)
    .map((w) => `${w.url}: ${w.bytes} B gzipped > ${BUDGET_BYTES} B (${w.parts.join(', ')})`);
  assert.equal(failures.length, 0, report('pages over budget', failures));
});

test('no render-blocking requests beyond one stylesheet; images sized, lazy below the fold', async () => {
  const { visits } = await crawlOnce();
  const failures = domFailures(visits);
  assert.equal(failures.length, 0, report('render-blocking or image problems', failures));
});

test('Nu HTML Checker: every HTML file is valid', async () => {
  const files = await htmlFiles(dir);
  const errors = await vnu(files, { root: dir });
  assert.equal(errors.length, 0, report(`vnu errors in ${files.length} files`, vnuFailures(errors)));
});
