// contact-form.test.mjs: the contact form on a phone (390×844), with and
// without JavaScript: the first field on the first screen, the error summary,
// a failed send, the language switch keeping topic, text and search query,
// and the guide walked to every end without JavaScript. Run:
// node --test e2e/contact-form.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, serve } from './lib/site.mjs';
import { launch, viewports } from './lib/browser.mjs';
import { portalWithContact, startContact, freePort } from './lib/contact.mjs';

let dir, server, browser, endpoint, portal, backend;
const proxy = {};

before(async () => {
  dir = await buildSite();
  server = await serve(dir, { proxy });
  browser = await launch();
  const html = await readFile(path.join(dir, 'contact', 'index.html'), 'utf8');
  endpoint = html.match(/<form[^>]*id=["]?contact-form[^>]*action=["]?([^"\s>]+)/)?.[1];
  portal = await portalWithContact();
  if (!portal.missing) backend = await startContact(portal.bin, portal.tmp, server.origin);
});

after(async () => {
  await backend?.stop();
  await browser?.close();
  await server?.close();
  if (dir && !process.env.E2E_SITE_DIR) await rm(dir, { recursive: true, force: true });
});

async function phone({ js = true } = {}) {
  const context = await browser.newContext({ viewport: viewports.phone, javaScriptEnabled: js });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return { page, errors, close: () => context.close() };
}

/** Whether the element is wholly inside the viewport. */
// onScreen waits (up to 3 s) for sel to be wholly inside the viewport:
// focus() scrolls smoothly when the visitor allows motion, so the element
// arrives a few frames later, as a person would see it.
const onScreen = (page, sel) => page.waitForFunction((s) => {
  const el = document.querySelector(s);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
}, sel, { timeout: 3000 }).then(() => true, () => false);
const focusedId = (page) => page.evaluate(() => document.activeElement?.id || '');

const message = 'Vi vil lisensiere en oppfinnelse om sensordata. <b>Kan dere ringe?</b>';

test('on a phone, the first field of the contact form is on the first screen', async () => {
  const { page, close } = await phone();
  try {
    for (const url of ['/contact/', '/nb/contact/', '/contact/agreements/']) {
      await page.goto(server.origin + url);
      assert.ok(await onScreen(page, '#f-topic'), `${url}: the topic field is below the first screen`);
      assert.ok(await onScreen(page, '#f-topic-hint'), `${url}: the reply promise is below the first screen`);
    }
  } finally { await close(); }
});

test('the generic form chooses no topic; ?topic= and a topic page do, with the promise and unit', async () => {
  const { page, close } = await phone();
  try {
    await page.goto(server.origin + '/contact/');
    assert.equal(await page.locator('#f-topic').inputValue(), '');
    assert.match(await page.locator('#f-topic-hint').textContent(), /^We answer within \d+ working days?\.$/);
    await page.selectOption('#f-topic', 'licensing-and-spinoffs');
    assert.match(await page.locator('#f-topic-hint').textContent(), /You will hear from the Technology Transfer Office/);
    await page.goto(server.origin + '/nb/contact/?topic=agreements');
    assert.equal(await page.locator('#f-topic').inputValue(), 'agreements');
    assert.match(await page.locator('#f-topic-hint').textContent(), /^Vi svarer innen \d+ arbeidsdag(er)?\. Du får svar fra/);
  } finally { await close(); }
});

for (const js of [true, false]) {
  test(`an incomplete form shows an error summary that takes focus and links to each field, text kept (${js ? 'with' : 'without'} JavaScript, phone)`, async (t) => {
    if (!backend) { t.skip(`contact endpoint not available: ${portal.missing}`); return; }
    proxy[endpoint] = backend.base;
    const { page, errors, close } = await phone({ js });
    try {
      await page.goto(server.origin + '/nb/contact/');
      await page.fill('textarea[name=message]', message);
      await page.fill('input[name=email]', 'kari@');
      await Promise.all([js ? page.waitForSelector('#error-summary:not([hidden])') : page.waitForLoadState('load'),
        page.locator('#contact-form button[type=submit]').click()]);
      await page.waitForSelector('#error-summary:not([hidden])');
      assert.equal(await focusedId(page), 'error-summary', 'the error summary does not have focus');
      assert.ok(await onScreen(page, '#error-summary h2'), 'the error summary is not on screen');
      const links = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const want of ['#f-topic', '#f-name', '#f-email', '#f-consent']) {
        assert.ok(links.includes(want), `the summary does not link to ${want}: ${links}`);
      }
      assert.ok(!links.includes('#f-message'), 'the summary names the message, which was filled in');
      // Each entry says which field: "Fyll ut dette feltet." three times
      // over named none of them.
      const texts = await page.locator('#error-summary a').allTextContents();
      for (const [i, label] of [['#f-topic', 'Hva gjelder det?'], ['#f-name', 'Navnet ditt'], ['#f-email', 'E-postadressen din']]) {
        assert.ok(texts[links.indexOf(i)].startsWith(label), `the summary entry for ${i} does not name its field: ${texts[links.indexOf(i)]}`);
      }
      assert.equal(new Set(texts).size, texts.length, `two summary entries read the same: ${texts}`);
      assert.equal(await page.locator('textarea[name=message]').inputValue(), message, 'the message is lost');
      assert.equal(await page.locator('input[name=email]').inputValue(), 'kari@', 'the email is lost');
      await page.locator('#error-summary a[href="#f-email"]').click();
      assert.equal(await focusedId(page), 'f-email', 'the summary link does not move focus to its field');
      assert.deepEqual(errors, []);
    } finally {
      await close();
      delete proxy[endpoint];
    }
  });
}

// The form's maxlength and the endpoint's limit are one number (site.yaml
// contact.fields max): a message one character over it, put past the
// browser's maxlength by a script, is refused beside the field, not stored.
for (const js of [true, false]) {
  test(`a message over the declared limit is refused by the endpoint too (${js ? 'with' : 'without'} JavaScript)`, async (t) => {
    if (!backend) { t.skip(`contact endpoint not available: ${portal.missing}`); return; }
    proxy[endpoint] = backend.base;
    const { page, errors, close } = await phone({ js });
    try {
      await page.goto(server.origin + '/contact/');
      const max = Number(await page.locator('textarea[name=message]').getAttribute('maxlength'));
      assert.ok(max > 0, 'the message has no maxlength');
      await page.selectOption('select[name=topic]', 'general');
      await page.fill('input[name=name]', 'Kari Nordmann');
      await page.fill('input[name=email]', 'kari@example.no');
      await page.check('input[name=consent]');
      await page.locator('textarea[name=message]').evaluate((el, n) => { el.removeAttribute('maxlength'); el.value = 'x'.repeat(n); }, max + 1);
      await Promise.all([js ? page.waitForSelector('#error-summary:not([hidden])') : page.waitForLoadState('load'),
        page.locator('#contact-form button[type=submit]').click()]);
      await page.waitForSelector('#error-summary:not([hidden])');
      const problem = await page.locator('#f-message-error').textContent();
      assert.ok(problem.includes(String(max)), `the message's problem does not name the limit ${max}: ${problem}`);
      assert.ok(!page.url().includes('/thanks/'), 'the over-long message was accepted');
      assert.deepEqual(errors, []);
    } finally {
      await close();
      delete proxy[endpoint];
    }
  });
}

test('a failed send is shown where the visitor is looking, with focus, text kept (endpoint down, phone)', async () => {
  const dead = await freePort(); // nothing listens there: the proxy answers 502
  proxy[endpoint] = `http://127.0.0.1:${dead}`;
  const { page, errors, close } = await phone();
  try {
    await page.goto(server.origin + '/contact/research-collaboration/');
    await page.fill('input[name=name]', 'Kari Nordmann');
    await page.fill('input[name=email]', 'kari@example.no');
    await page.fill('textarea[name=message]', message);
    await page.check('input[name=consent]');
    await page.locator('#contact-form button[type=submit]').click();
    await page.waitForSelector('#send-failed:not([hidden])');
    assert.equal(await focusedId(page), 'send-failed', 'the failure does not have focus');
    assert.ok(await onScreen(page, '#send-failed'), 'the failure is not on screen');
    assert.ok(await onScreen(page, '#contact-form button[type=submit]'), 'the failure is far from the send button');
    assert.match(await page.locator('#send-failed').textContent(), /not sent[\s\S]*still in the form[\s\S]*try again/i);
    assert.equal(await page.locator('textarea[name=message]').inputValue(), message, 'the message is lost');
    assert.equal(await page.locator('#f-topic').inputValue(), 'research-collaboration');
    assert.deepEqual(errors, []);
  } finally {
    await close();
    delete proxy[endpoint];
  }
});

test('a server error (500) is shown the same way, in Norwegian', async () => {
  const { page, close } = await phone();
  try {
    await page.route('**' + endpoint, (route) => route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>Internal Server Error</h1>' }));
    await page.goto(server.origin + '/nb/contact/agreements/');
    await page.fill('textarea[name=message]', message);
    await page.locator('#contact-form button[type=submit]').click();
    await page.waitForSelector('#send-failed:not([hidden])');
    assert.equal(await focusedId(page), 'send-failed');
    assert.match(await page.locator('#send-failed').textContent(), /ble ikke sendt[\s\S]*står fortsatt i skjemaet/);
    assert.equal(await page.locator('textarea[name=message]').inputValue(), message);
  } finally { await close(); }
});

test('the language switch keeps the topic and the text on the contact page, and the query on the search page', async () => {
  const { page, close } = await phone();
  try {
    await page.goto(server.origin + '/contact/');
    await page.selectOption('#f-topic', 'licensing-and-spinoffs');
    await page.fill('textarea[name=message]', message);
    await page.fill('input[name=name]', 'Kari');
    await Promise.all([page.waitForURL('**/nb/contact/'), page.locator('.lang-switch a[hreflang=nb]').click()]);
    assert.equal(await page.locator('#f-topic').inputValue(), 'licensing-and-spinoffs', 'the topic is lost');
    assert.equal(await page.locator('textarea[name=message]').inputValue(), message, 'the text is lost');
    assert.equal(await page.locator('input[name=name]').inputValue(), 'Kari');
    assert.match(await page.locator('#f-topic-hint').textContent(), /teknologioverføringskontoret \(TTO\)/);
    // A topic page's switch leads to the same topic's page.
    await page.goto(server.origin + '/nb/contact/agreements/');
    await Promise.all([page.waitForURL('**/contact/agreements/'), page.locator('.lang-switch a[hreflang=en]').click()]);
    assert.equal(await page.locator('#f-topic').inputValue(), 'agreements');
    // The search page carries its query.
    await page.goto(server.origin + '/search/?q=NDA');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'NDA');
    await Promise.all([page.waitForURL('**/nb/search/**'), page.locator('.lang-switch a[hreflang=nb]').click()]);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'NDA', 'the query is lost');
  } finally { await close(); }
});

test('the guide: every path ends within four questions, without JavaScript, at a page or the form with its topic', async () => {
  const { page, close } = await phone({ js: false });
  try {
    for (const start of ['/guide/', '/nb/guide/']) {
      const ends = [];
      const walk = async (url, depth) => {
        assert.ok(depth <= 4, `${url} is question ${depth}`);
        const res = await page.goto(server.origin + url);
        assert.equal(res.status(), 200, `${url}: ${res.status()}`);
        const hrefs = await page.locator('.guide-answers a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(hrefs.length > 0, `${url} is a dead end`);
        for (const href of hrefs) {
          if (href.includes('/guide/')) { await walk(href, depth + 1); continue; }
          const r = await page.goto(server.origin + href);
          assert.equal(r.status(), 200, `${url} → ${href}: ${r.status()}`);
          if (href.includes('/contact/')) {
            assert.notEqual(await page.locator('#f-topic').inputValue(), '', `${url} → ${href}: no topic chosen`);
          }
          ends.push(href);
        }
      };
      await walk(start, 1);
      assert.ok(ends.length >= 7, `${start}: only ${ends.length} ends`);
      // The three kinds of end the issue names: a pathway, an agreement, the form with its topic.
      assert.ok(ends.some((e) => e.includes('/pathways/')), `${start}: no answer ends at a pathway`);
      assert.ok(ends.some((e) => e.includes('/agreements/')), `${start}: no answer ends at an agreement`);
      assert.ok(ends.some((e) => e.includes('/contact/')), `${start}: no answer ends at the contact form`);
    }
    await page.goto(server.origin + '/nb/');
    assert.equal(await page.locator('#start a[href="/nb/guide/"]').count(), 1, 'the home page does not offer the guide beside the pathways');
  } finally { await close(); }
});
