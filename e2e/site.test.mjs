// site.test.mjs: end-to-end checks of the built site. Run: node --test e2e/
// Builds the site (or uses E2E_SITE_DIR), serves it on 127.0.0.1, and checks
// every page with axe-core, the Nu HTML Checker, third-party requests,
// page-weight budgets and keyboard-only journeys. See docs/e2e.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, listPages, htmlFiles, serve, resolveFile, repoRoot } from './lib/site.mjs';
import { launch, viewports } from './lib/browser.mjs';
import { tabTo, follow, invisibleFocus } from './lib/keyboard.mjs';
import { portalWithContact, startContact } from './lib/contact.mjs';
import {
  crawl, axeFailures, foreignRequests, pageWeights, domFailures, vnu, vnuFailures, report,
  BUDGET_BYTES, photoWeights, PHOTO_BUDGET_BYTES,
} from './lib/checks.mjs';

let dir, server, browser, pages, crawled;
// Paths the test server forwards to a backend; filled in by the submit journey.
const proxy = {};
const log = (msg) => process.stderr.write(`# ${msg}\n`);

before(async () => {
  dir = await buildSite();
  pages = await listPages(dir);
  server = await serve(dir, { proxy });
  browser = await launch();
  log(`site ${dir}: ${pages.length} pages at ${server.origin}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir && !process.env.E2E_SITE_DIR) await rm(dir, { recursive: true, force: true });
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

test('every <loc> in sitemap.xml is a page in the build', async () => {
  const missing = [];
  for (const p of pages) if (!(await resolveFile(dir, p))) missing.push(p);
  assert.deepEqual(missing, [], 'sitemap.xml lists pages that were not built');
});

test('axe-core: no WCAG 2.2 A/AA violations on any page, light and dark, phone and desktop', async () => {
  const { visits } = await crawlOnce();
  const failures = axeFailures(visits);
  assert.equal(failures.length, 0, report('axe-core violations', failures));
});

test('axe-core best practices (landmarks, headings, unique names) on every page, light desktop', async () => {
  const { visits } = await crawlOnce();
  const failures = axeFailures(visits.filter((v) => v.bestPractice || v.error), 'bestPractice');
  assert.equal(failures.length, 0, report('axe-core best-practice violations', failures));
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

test(`photos: one shown 360 CSS px wide on a phone downloads at most ${PHOTO_BUDGET_BYTES / 1024} KB`, async () => {
  const withPictures = [];
  for (const file of await htmlFiles(dir)) {
    if ((await readFile(file, 'utf8')).includes('<picture>')) {
      withPictures.push('/' + path.relative(dir, file).replace(/index\.html$/, ''));
    }
  }
  assert.ok(withPictures.length > 0, 'no page of the example site shows a picture');
  const weights = await photoWeights(browser, server.origin, withPictures, dir);
  assert.ok(weights.length > 0, 'no picture was shown');
  const heaviest = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  log(`${weights.length} pictures on ${withPictures.length} pages; heaviest ${heaviest.src} ${heaviest.bytes} B shown ${heaviest.shown} px wide`);
  const failures = weights.filter((w) => w.bytes > w.budget)
    .map((w) => `${w.url}: ${w.src} is ${w.bytes} B, shown ${w.shown} CSS px wide on a phone (budget ${w.budget} B)`);
  assert.equal(failures.length, 0, report('photos over budget', failures));
  for (const w of weights) assert.ok(w.src.endsWith('.webp'), `${w.url}: the browser took ${w.src}, not a WebP size`);
});

test('Nu HTML Checker: every HTML file is valid', async () => {
  const files = await htmlFiles(dir);
  const errors = await vnu(files, { root: dir });
  assert.equal(errors.length, 0, report(`vnu errors in ${files.length} files`, vnuFailures(errors)));
});

// ---- Journeys, keyboard only -------------------------------------------

async function newTab() {
  const context = await browser.newContext({ viewport: viewports.desktop });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return { page, errors, close: () => context.close() };
}

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

test('journey: home → pathway → "Send an inquiry" → contact form with the pathway\'s topic', async () => {
  const { page, errors, close } = await newTab();
  try {
    await page.goto(server.origin + '/');
    // The first pathway card under "What do you want to do?".
    await tabTo(page, '#start .card a');
    const pathwayURL = await follow(page);
    const slug = new URL(pathwayURL).pathname.match(/^\/pathways\/([^/]+)\/$/)?.[1];
    assert.ok(slug, `the first link in "What do you want to do?" went to ${pathwayURL}, not a pathway`);
    const front = await readFile(path.join(repoRoot, 'content', 'pathways', `${slug}.md`), 'utf8');
    const topic = front.match(/^topic:\s*["']?([\w-]+)/m)?.[1];
    assert.ok(topic, `content/pathways/${slug}.md has no topic`);

    await tabTo(page, '.cta a.button');
    const label = await page.evaluate(() => document.activeElement.textContent.trim());
    assert.equal(label, 'Send an inquiry', `the pathway's call to action reads "${label}"`);
    const contactURL = await follow(page);
    assert.match(new URL(contactURL).pathname, /^\/contact\//, `"Send an inquiry" went to ${contactURL}`);
    const selected = await page.locator('select[name=topic]').inputValue();
    assert.equal(selected, topic, `${contactURL}: topic select is "${selected}", the pathway ${slug} has topic "${topic}"`);
    assert.deepEqual(errors, [], 'script errors on the way');
    assert.deepEqual(invisibleFocus(page), [], 'elements focused by Tab without a visible focus indicator');
  } finally { await close(); }
});

test('journey: switch a page to Norsk and back to English by keyboard', async () => {
  const { page, errors, close } = await newTab();
  const start = '/offerings/research-collaboration/';
  try {
    await page.goto(server.origin + start);
    assert.equal(await htmlLang(page), 'en');
    await tabTo(page, '.lang-switch a[hreflang="nb"]');
    await follow(page);
    assert.equal(new URL(page.url()).pathname, '/nb' + start, `Norsk went to ${page.url()}`);
    assert.equal(await htmlLang(page), 'nb', `${page.url()}: <html lang> is not nb`);
    await tabTo(page, '.lang-switch a[hreflang="en"]');
    await follow(page);
    assert.equal(new URL(page.url()).pathname, start, `English went to ${page.url()}`);
    assert.equal(await htmlLang(page), 'en', `${page.url()}: <html lang> is not en`);
    assert.deepEqual(errors, [], 'script errors on the way');
    assert.deepEqual(invisibleFocus(page), [], 'elements focused by Tab without a visible focus indicator');
  } finally { await close(); }
});

test('journey: fill in and send the contact form by keyboard, land on the thank-you page', async (t) => {
  const portal = await portalWithContact();
  if (portal.missing) { t.skip(`contact endpoint not available: ${portal.missing}`); return; }
  // The form posts to its action (site.yaml contact.endpoint); serve that
  // path from the same origin by proxying it to `portal contact serve`.
  const contactHTML = await readFile(path.join(dir, 'contact', 'index.html'), 'utf8');
  const endpoint = contactHTML.match(/<form[^>]*id=["]?contact-form[^>]*action=["]?([^"\s>]+)/)?.[1];
  assert.ok(endpoint?.startsWith('/'), `contact form action is ${endpoint}, not a same-origin path`);
  const backend = await startContact(portal.bin, portal.tmp, server.origin);
  proxy[endpoint] = backend.base;
  const { page, errors, close } = await newTab();
  try {
    await page.goto(server.origin + '/contact/');
    await tabTo(page, 'select[name=topic]');
    await page.keyboard.press('ArrowDown'); // the next topic
    const topic = await page.locator('select[name=topic]').inputValue();
    await tabTo(page, 'input[name=name]');
    await page.keyboard.type('Kari Nordmann');
    await tabTo(page, 'input[name=email]');
    await page.keyboard.type('kari@example.no');
    await tabTo(page, 'input[name=organisation]');
    await page.keyboard.type('Example AS');
    await tabTo(page, 'textarea[name=message]');
    await page.keyboard.type('We would like to talk about a research collaboration on sensor data. ' +
      'Could someone from the faculty call us next week?');
    await tabTo(page, 'input[name=consent]');
    await page.keyboard.press('Space');
    assert.ok(await page.locator('input[name=consent]').isChecked(), 'Space did not tick the consent box');
    await tabTo(page, '#contact-form button[type=submit]');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/contact/thanks/', { timeout: 15000 }).catch(async (err) => {
        const status = await page.locator('#form-status').textContent().catch(() => '');
        throw new Error(`no thank-you page after submit (topic ${topic}); form status: "${status}"; ` +
          `endpoint log:\n${backend.output()}\n${err.message}`);
      }),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(new URL(page.url()).pathname, '/contact/thanks/');
    assert.match(await page.locator('h1').textContent(), /\S/, 'thank-you page has no heading');
    const stored = await backend.inquiries();
    const mine = stored.find((i) => JSON.stringify(i).includes('kari@example.no'));
    assert.ok(mine, `the inquiry is not in the endpoint's database; export gave ${JSON.stringify(stored).slice(0, 500)}`);
    // The page shows the reference the acknowledgement mail carries (the
    // id's characters 10-18) and the promised day, written out.
    const ref = (await page.locator('#receipt-ref').textContent()).trim();
    assert.ok(await page.locator('#receipt').isVisible(), 'the thank-you page does not show the reference');
    assert.equal(ref.replace('-', ''), mine.id.slice(10, 18).toUpperCase(), `reference ${ref} is not inquiry ${mine.id}'s`);
    assert.match(await page.locator('#receipt-by').textContent(),
      /^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+$/, 'the promised day is not a working day written out');
    assert.ok(JSON.stringify(mine).includes(topic), `stored inquiry has not the topic ${topic}: ${JSON.stringify(mine)}`);
    assert.deepEqual(errors, [], 'script errors on the way');
    assert.deepEqual(invisibleFocus(page), [], 'elements focused by Tab without a visible focus indicator');
  } finally {
    await close();
    delete proxy[endpoint];
    await backend.stop();
  }
});

test('the thank-you page shows a valid reference and day, and nothing from a crafted link', async () => {
  const { page, errors, close } = await newTab();
  try {
    await page.goto(server.origin + '/nb/contact/thanks/?ref=ABCD-1234&by=2026-12-03');
    assert.equal((await page.locator('#receipt-ref').textContent()).trim(), 'ABCD-1234');
    assert.equal((await page.locator('#receipt-by').textContent()).trim(), 'torsdag 3. desember');
    for (const q of ['?ref=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', '?ref=ABCD-1234%3Cb%3E', '', '?by=2026-12-03']) {
      await page.goto(server.origin + '/contact/thanks/' + q);
      assert.ok(!(await page.locator('#receipt').isVisible()), `receipt shown for ${q || 'no query'}`);
      assert.equal(await page.locator('#receipt-ref').innerHTML(), '', `the crafted ${q} reached the page`);
      assert.equal(await page.locator('[onerror]').count(), 0, `markup from ${q} reached the page`);
    }
    await page.goto(server.origin + '/contact/thanks/?ref=ABCD-1234&by=2026-02-31');
    assert.ok(await page.locator('#receipt').isVisible());
    assert.ok(!(await page.locator('#receipt-by-row').isVisible()), 'an impossible date was shown');
    assert.deepEqual(errors, [], 'script errors');
  } finally {
    await close();
  }
});

test('journey: search from the header box and open a result by keyboard', async (t) => {
  const searchDir = path.join(dir, 'search');
  const entries = (await readdir(searchDir).catch(() => [])).filter((f) => f !== 'index.html');
  if (entries.length === 0) { t.skip('no search index in the built site (search/ holds only index.html)'); return; }
  const { page, errors, close } = await newTab();
  try {
    await page.goto(server.origin + '/');
    // The header's search landmark, whichever partial draws it.
    await tabTo(page, 'header [role=search] input[name=q]');
    await page.keyboard.type('licensing');
    await Promise.all([page.waitForURL((u) => u.pathname === '/search/'), page.keyboard.press('Enter')]);
    const first = page.locator('#search-results a').first();
    await first.waitFor({ timeout: 10000 }).catch(async () => {
      throw new Error(`no search results for "licensing": status "${await page.locator('#search-status').textContent().catch(() => '?')}"`);
    });
    await tabTo(page, '#search-results a');
    const target = await follow(page);
    assert.notEqual(new URL(target).pathname, '/search/', 'the result led back to search');
    assert.deepEqual(errors, [], 'script errors on the way');
    assert.deepEqual(invisibleFocus(page), [], 'elements focused by Tab without a visible focus indicator');
  } finally { await close(); }
});

// ---- Phone -------------------------------------------------------------

test('phone: on every page, in both languages, <main> starts at most 140 px from the top', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const page = await context.newPage();
  const tops = [];
  try {
    for (const p of pages) {
      await page.goto(server.origin + p, { waitUntil: 'load' });
      tops.push({ p, top: await page.evaluate(() => Math.round(document.querySelector('main').getBoundingClientRect().top + scrollY)) });
    }
  } finally { await context.close(); }
  const highest = (prefix) => tops.filter((t) => prefix === '/nb/' ? t.p.startsWith('/nb/') : !t.p.startsWith('/nb/'))
    .reduce((a, b) => (b.top > a.top ? b : a), { top: 0 });
  const en = highest('/'), nb = highest('/nb/');
  log(`phone header: <main> at most ${en.top} px down in English (${en.p}), ${nb.top} px in Norwegian (${nb.p})`);
  const failures = tops.filter((t) => t.top > 140).map((t) => `${t.p}: <main> starts ${t.top} px from the top`);
  assert.equal(failures.length, 0, report('pages whose header is too tall at 390 px', failures));
});

test('phone, without JavaScript: the menu opens with one tap and holds every section; search is in the header', async () => {
  const context = await browser.newContext({ viewport: viewports.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    for (const start of ['/', '/nb/offerings/']) {
      await page.goto(server.origin + start);
      const links = page.locator('.main-nav a');
      const n = await links.count();
      // Every section with a published page (five in the example: its
      // Facilities are drafts) and Contact us.
      assert.ok(n >= 6, `${start}: the menu has ${n} links`);
      assert.equal(await links.first().isVisible(), false, `${start}: the menu is open before the tap`);
      assert.ok(await page.locator('header [role=search] input[name=q]').isVisible(), `${start}: no search box in the phone header`);
      await page.locator('.menu > summary').click();
      for (let i = 0; i < n; i++) {
        assert.ok(await links.nth(i).isVisible(), `${start}: menu link ${i + 1} is not shown after the tap`);
      }
    }
  } finally { await context.close(); }
});

test('desktop: the menu is shown without a tap, and no menu button', async () => {
  const context = await browser.newContext({ viewport: viewports.desktop, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(server.origin + '/nb/');
    assert.ok(await page.locator('.main-nav a').first().isVisible(), 'the menu is hidden at desktop width');
    assert.equal(await page.locator('.menu > summary').isVisible(), false, 'the menu button shows at desktop width');
  } finally { await context.close(); }
});

test('without JavaScript, a form with problems comes back on the site\'s contact page, text kept', async (t) => {
  const portal = await portalWithContact();
  if (portal.missing) { t.skip(`contact endpoint not available: ${portal.missing}`); return; }
  const contactHTML = await readFile(path.join(dir, 'contact', 'index.html'), 'utf8');
  const endpoint = contactHTML.match(/<form[^>]*id=["]?contact-form[^>]*action=["]?([^"\s>]+)/)?.[1];
  const backend = await startContact(portal.bin, portal.tmp, server.origin);
  proxy[endpoint] = backend.base;
  const context = await browser.newContext({ viewport: viewports.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(server.origin + '/nb/contact/facilities/');
    await page.fill('input[name=name]', 'Kari Nordmann');
    await page.fill('input[name=email]', 'kari@');
    const message = 'Vi vil leie tid i et laboratorium i mars. Hva koster det?';
    await page.fill('textarea[name=message]', message);
    await Promise.all([page.waitForLoadState('load'), page.locator('#contact-form button[type=submit]').click()]);
    await page.waitForSelector('.site-header');
    assert.equal(await htmlLang(page), 'nb');
    assert.ok(await page.locator('.site-footer').count(), 'no footer on the answer');
    assert.equal(await page.locator('textarea[name=message]').inputValue(), message, 'the message is lost');
    assert.equal(await page.locator('input[name=email]').getAttribute('aria-invalid'), 'true', 'the email field is not marked');
    assert.match(await page.locator('#f-email-error').textContent(), /e-postadresse/, 'no problem shown beside the email field');
    assert.equal(await page.locator('select[name=topic]').inputValue(), 'facilities', 'the topic was not kept');
    assert.match(await page.locator('label[for=f-consent]').textContent(), /Universitetet i Oslo lagrer/, 'the consent text is not the site\'s');
  } finally {
    await context.close();
    delete proxy[endpoint];
    await backend.stop();
  }
});
