// selftest.test.mjs: proves the checks of site.test.mjs can fail. It copies
// the site source to a temp folder, adds one deliberately broken page (a
// layout, since Markdown cannot produce these faults), builds it, runs the
// same checks on that page and asserts each one fails naming the page, the
// rule and the offending element. As a control, the copy paginates lists
// after 3 items, and the paginated pages (which the example content is too
// small to produce) must pass the same checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, writeFile, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSite, serve, repoRoot } from './lib/site.mjs';
import { launch } from './lib/browser.mjs';
import { tabTo, invisibleFocus } from './lib/keyboard.mjs';
import {
  crawl, combos, axeFailures, foreignRequests, pageWeights, domFailures, vnu, vnuFailures, BUDGET_BYTES,
  photoWeights, PHOTO_BUDGET_BYTES,
} from './lib/checks.mjs';

const BROKEN = '/selftest-broken/';
const CONTROLS = ['/partners/page/2/', '/nb/offerings/page/3/'];
let src, dir, server, browser, visits;

// {{ "<" }} keeps html/template from treating the nested markup specially;
// the padding is random so gzip cannot shrink it under the budget.
const layout = (padding) => `{{ define "main" }}
<div class="wrap">
  <h1>{{ .Page.Title }}</h1>
  <img src="/images/logo.svg" width="40" height="40" class="no-alt">
  <p class="low-contrast" style="color:#c8c8c8;background:#ffffff">Barely readable grey text</p>
  <p class="outer">Paragraph <div class="inner">with a div inside</div></p>
  <img src="http://localhost:9/tracker.gif" alt="tracker" width="1" height="1">
  <img src="/images/logo.svg" alt="logo without size" class="no-size">
  <p><a href="#top" class="no-focus" style="outline:none">A link whose focus cannot be seen</a></p>
  <div style="height:3000px"></div>
  <img src="/images/logo.svg" alt="below the fold" width="40" height="40" class="eager">
  <p hidden>${padding}</p>
</div>
<script src="/js/contact.js"></script>
{{ end }}
`;

before(async () => {
  src = await mkdtemp(path.join(tmpdir(), 'portal-e2e-selftest-src-'));
  for (const p of ['site.yaml', 'content', 'layouts', 'static']) {
    await cp(path.join(repoRoot, p), path.join(src, p), { recursive: true });
  }
  await writeFile(path.join(src, 'layouts', '_default', 'broken.html'), layout(randomBytes(45 * 1024).toString('base64')));
  await writeFile(path.join(src, 'content', 'selftest-broken.md'),
    '---\ntitle: Deliberately broken page\nsummary: The e2e self-test breaks this page on purpose.\nlayout: broken\n---\nBroken on purpose.\n');
  const yaml = path.join(src, 'site.yaml');
  // One size of every picture, 1600 px wide: a phone has to take it.
  const config = (await readFile(yaml, 'utf8')).replace(/^paginate:.*$/m, 'paginate: 3')
    .replace(/^  widths: .*$/m, '  widths: [1600]');
  assert.match(config, /^paginate: 3$/m, 'site.yaml has no paginate: line to change');
  assert.match(config, /^  widths: \[1600\]$/m, 'site.yaml has no images: widths: line to change');
  await writeFile(yaml, config);
  dir = await buildSite({ source: src, useEnv: false });
  server = await serve(dir);
  browser = await launch();
  ({ visits } = await crawl(browser, server.origin, [BROKEN, ...CONTROLS], { tabs: 2, only: combos }));
});

after(async () => {
  await browser?.close();
  await server?.close();
  for (const d of [src, dir]) if (d) await rm(d, { recursive: true, force: true });
});

/** The failure lines about the broken page that mention every needle. */
function lines(failures, ...needles) {
  return failures.filter((f) => f.includes(server.origin + BROKEN) && needles.every((n) => f.includes(n)));
}

test('axe names the page, rule, selector and html of an image without alt', () => {
  const f = axeFailures(visits);
  const hit = lines(f, 'image-alt', '.no-alt', '<img');
  assert.equal(hit.length, 1, `no image-alt failure in:\n${f.join('\n')}`);
  for (const c of ['light/desktop', 'dark/desktop', 'light/phone', 'dark/phone']) {
    assert.ok(hit[0].includes(c), `image-alt failure does not name the view ${c}:\n${hit[0]}`);
  }
});

test('axe names the page, rule and element of low-contrast text', () => {
  const f = axeFailures(visits);
  assert.ok(lines(f, 'color-contrast', '.low-contrast', 'Barely readable').length >= 1,
    `no color-contrast failure in:\n${f.join('\n')}`);
});

test('vnu names the file, line and message of a <div> inside a <p>', async () => {
  const errors = await vnu([path.join(dir, 'selftest-broken', 'index.html')], { root: dir });
  const f = vnuFailures(errors);
  assert.ok(f.some((l) => l.startsWith('selftest-broken/index.html:') && /\bp\b.*element|element.*\bp\b/i.test(l)),
    `no p/div nesting error in:\n${f.join('\n')}`);
  assert.ok(errors.every((e) => Number.isInteger(e.line)), 'vnu errors without line numbers');
});

test('a request to another origin is reported with the page and URL', () => {
  const f = foreignRequests(visits, server.origin);
  assert.ok(lines(f, 'http://localhost:9/tracker.gif').length >= 1, `not reported:\n${f.join('\n')}`);
});

test('the page-weight budget fails for a page over 30 KB gzipped', async () => {
  const weights = await pageWeights(visits.filter((v) => v.dom), server.origin, dir);
  const w = weights.find((x) => x.url === server.origin + BROKEN);
  assert.ok(w && w.bytes > BUDGET_BYTES, `broken page weighs ${w?.bytes} B, expected over ${BUDGET_BYTES}`);
});

test('render-blocking script, unsized image and eager image below the fold are reported', () => {
  const f = domFailures(visits);
  assert.equal(lines(f, 'render-blocking script', '/js/contact.js').length, 1, f.join('\n'));
  assert.equal(lines(f, 'without width and height', 'no-size').length, 1, f.join('\n'));
  assert.equal(lines(f, 'below the fold', 'eager').length, 1, f.join('\n'));
  assert.equal(lines(f, 'below the fold', 'tracker').length, 0, 'the tracker pixel is above the fold');
});

test('the photo budget fails for a photo a phone can only take 1600 px wide', async () => {
  const [w] = await photoWeights(browser, server.origin, ['/pathways/research-collaboration/'], dir);
  assert.ok(w, 'the pathway shows no picture');
  assert.match(w.src, /-1600\.webp$/);
  assert.ok(w.bytes > w.budget && w.budget === PHOTO_BUDGET_BYTES, `the photo weighs ${w.bytes} B shown ${w.shown} px wide; expected over ${w.budget}`);
});

test('a link focused by Tab without a visible indicator is reported', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(server.origin + BROKEN);
    await tabTo(page, 'a.no-focus');
    const f = invisibleFocus(page);
    assert.equal(f.length, 1, `expected exactly the .no-focus link, got:\n${f.join('\n')}`);
    assert.ok(f[0].startsWith(server.origin + BROKEN) && f[0].includes('no-focus'), f[0]);
  } finally { await page.close(); }
});

test('control: paginated list pages (pager markup) pass axe, vnu and the DOM checks', async () => {
  const control = visits.filter((v) => CONTROLS.includes(v.page));
  assert.equal(control.length, CONTROLS.length * combos.length);
  for (const v of control) assert.equal(v.status, 200, `${v.url}: HTTP ${v.status}`);
  const f = [...axeFailures(control), ...axeFailures(control.filter((v) => v.bestPractice), 'bestPractice'),
    ...foreignRequests(control, server.origin), ...domFailures(control)];
  assert.deepEqual(f, [], f.join('\n\n'));
  const files = CONTROLS.map((p) => path.join(dir, p, 'index.html'));
  const errors = vnuFailures(await vnu(files, { root: dir }));
  assert.deepEqual(errors, [], errors.join('\n'));
});
