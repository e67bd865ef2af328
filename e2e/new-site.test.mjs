// new-site.test.mjs: a Swedish and English site started with `portal init`
// (country SE), as Karolinska Institutet would start one: it passes
// `portal check`, every page passes axe and the Nu HTML Checker and asks
// nothing of another origin, the search finds a Swedish page, the language
// switch keeps what was typed in the form, a field the office added to
// site.yaml included, and an inquiry sent from the Swedish contact form is
// stored in Swedish and thanked for. Run:
// node --test e2e/new-site.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { htmlFiles, listPages, repoRoot, serve } from './lib/site.mjs';
import { launch, viewports } from './lib/browser.mjs';
import { portalWithContact, startContact } from './lib/contact.mjs';
import { crawl, axeFailures, foreignRequests, report, vnu, vnuFailures } from './lib/checks.mjs';

const run = promisify(execFile);
const log = (msg) => process.stderr.write(`# ${msg}\n`);

let portal, site, out, server, browser, backend;
const proxy = {};

// What a Swedish office writes first, in both languages: a txtar archive
// shared with internal/starter's TestSwedishSite ("-- name --" lines open
// each file; what comes before the first is a comment).
async function swedishPages() {
  const archive = await readFile(path.join(repoRoot, 'internal', 'starter', 'testdata', 'swedish-pages.txtar'), 'utf8');
  const parts = archive.split(/^-- (.+) --\n/m);
  const pages = {};
  for (let i = 1; i < parts.length; i += 2) pages[parts[i]] = parts[i + 1];
  return pages;
}

before(async () => {
  portal = await portalWithContact();
  if (portal.missing) throw new Error(portal.missing);
  site = path.join(portal.tmp, 'ki');
  await run(portal.bin, ['init', site, '--name', 'Karolinska Institutet', '--languages', 'sv,en', '--country', 'SE']);
  for (const [name, body] of Object.entries(await swedishPages())) {
    await mkdir(path.dirname(path.join(site, name)), { recursive: true });
    await writeFile(path.join(site, name), body);
  }
  // A field of the office's own, declared in site.yaml before the consent.
  const yaml = path.join(site, 'site.yaml');
  const declared = (await readFile(yaml, 'utf8')).replace('    - name: consent\n', `    - name: phone
      type: tel
      max: 20
      autocomplete: tel
      label: {sv: Telefonnummer, en: Phone number}
    - name: consent
`);
  assert.match(declared, /name: phone/);
  await writeFile(yaml, declared);
  out = path.join(portal.tmp, 'public');
  await run(portal.bin, ['build', '--source', site, '-o', out]);
  server = await serve(out, { proxy });
  browser = await launch();
});

after(async () => {
  await backend?.stop();
  await browser?.close();
  await server?.close();
  if (portal?.tmp) await rm(portal.tmp, { recursive: true, force: true });
});

test('portal check finds no problem in the new site', async () => {
  const r = await run(portal.bin, ['check', '--source', site]).catch((err) => err);
  assert.equal(r.code ?? 0, 0, `portal check failed:\n${r.stdout}${r.stderr}`);
});

test('every page of the new site passes axe and loads nothing from another origin', async () => {
  const list = await listPages(out);
  assert.ok(list.includes('/') && list.includes('/en/'), `pages: ${list}`);
  const { visits } = await crawl(browser, server.origin, list, { tabs: 0, log });
  assert.equal(axeFailures(visits).length, 0, report('axe-core violations', axeFailures(visits)));
  assert.deepEqual(foreignRequests(visits, server.origin), [], 'requests to other origins');
});

test('Nu HTML Checker: every HTML file of the new site is valid', async () => {
  const files = await htmlFiles(out);
  const errors = await vnu(files, { root: out });
  assert.equal(errors.length, 0, report(`vnu errors in ${files.length} files`, vnuFailures(errors)));
});

test('the front page is Swedish, at /, with a switch to English', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const page = await context.newPage();
  try {
    await page.goto(server.origin + '/');
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    assert.match(await page.locator('h1').textContent(), /Samarbeta med Karolinska Institutet/);
    assert.equal(await page.locator('.lang-switch a[hreflang=en]').getAttribute('href'), '/en/');
  } finally { await context.close(); }
});

test('the Swedish search finds the Swedish page', async () => {
  const context = await browser.newContext({ viewport: viewports.desktop });
  const page = await context.newPage();
  try {
    await page.goto(server.origin + '/search/?q=praktikplatser');
    const first = page.locator('#search-results a').first();
    await first.waitFor({ timeout: 10000 });
    assert.equal(new URL(await first.getAttribute('href'), server.origin).pathname, '/offerings/praktik/');
  } finally { await context.close(); }
});

test('the language switch keeps the topic, the text and the added field', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const page = await context.newPage();
  try {
    await page.goto(server.origin + '/contact/');
    await page.selectOption('select[name=topic]', 'general');
    await page.fill('input[name=phone]', '+46 8 524 800 00');
    await page.fill('textarea[name=message]', 'Vi vill gärna ta emot två studenter på praktik i vår.');
    await page.check('input[name=consent]');
    await Promise.all([page.waitForURL('**/en/contact/'), page.locator('.lang-switch a[hreflang=en]').click()]);
    assert.equal(await page.locator('select[name=topic]').inputValue(), 'general', 'the topic is lost');
    assert.equal(await page.locator('input[name=phone]').inputValue(), '+46 8 524 800 00', 'the added field is lost');
    assert.equal(await page.locator('textarea[name=message]').inputValue(), 'Vi vill gärna ta emot två studenter på praktik i vår.');
    // Consent is given on the page the visitor reads, not carried over.
    assert.equal(await page.locator('input[name=consent]').isChecked(), false);
  } finally { await context.close(); }
});

test('an inquiry from the Swedish contact form is stored in Swedish and thanked for', async () => {
  backend = await startContact(portal.bin, portal.tmp, server.origin, { source: site });
  proxy['/api/'] = backend.base;
  const context = await browser.newContext({ viewport: viewports.phone });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(server.origin + '/contact/');
    await page.selectOption('select[name=topic]', 'general');
    await page.fill('input[name=name]', 'Anna Svensson');
    await page.fill('input[name=email]', 'anna@example.se');
    await page.fill('input[name=organisation]', 'Exempel AB');
    await page.fill('textarea[name=message]', 'Vi vill gärna ta emot två studenter på praktik i vår. Kan någon ringa oss?');
    await page.check('input[name=consent]');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/contact/thanks/', { timeout: 15000 }).catch(async (err) => {
        throw new Error(`no thank-you page; endpoint log:\n${backend.output()}\n${err.message}`);
      }),
      page.locator('#contact-form button[type=submit]').click(),
    ]);
    assert.match(await page.locator('h1').textContent(), /Tack för din förfrågan/);
    const stored = await backend.inquiries();
    const mine = stored.find((i) => JSON.stringify(i).includes('anna@example.se'));
    assert.ok(mine, `not stored: ${JSON.stringify(stored).slice(0, 300)}`);
    assert.equal(mine.lang, 'sv');
    const ref = (await page.locator('#receipt-ref').textContent()).trim();
    assert.equal(ref.replace('-', ''), mine.id.slice(10, 18).toUpperCase());
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    delete proxy['/api/'];
  }
});
