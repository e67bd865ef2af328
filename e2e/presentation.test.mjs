// presentation.test.mjs: what a visitor sees beyond the markup checks: the
// printed page, the focus ring on every surface in both colour schemes and
// at both widths, and the phone header's tap targets. Run:
// node --test e2e/presentation.test.mjs (see docs/e2e.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildSite, serve } from './lib/site.mjs';
import { launch, viewports } from './lib/browser.mjs';
import { combos, comboName, report } from './lib/checks.mjs';

let dir, server, browser;
const log = (msg) => process.stderr.write(`# ${msg}\n`);

before(async () => {
  dir = await buildSite();
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir && !process.env.E2E_SITE_DIR) await rm(dir, { recursive: true, force: true });
});

// Pages with every kind of surface: the dark banner, cards, the steps, a
// form, the footer, in both languages.
const focusPages = ['/', '/nb/', '/case-studies/', '/pathways/research-collaboration/', '/nb/contact/', '/partners/roche/'];

test('focus: every focus ring has at least 3:1 contrast with what it sits on, light and dark, phone and desktop', async () => {
  const failures = [];
  let rings = 0;
  for (const combo of combos) {
    const context = await browser.newContext({ viewport: viewports[combo.width], colorScheme: combo.scheme });
    const page = await context.newPage();
    try {
      for (const p of focusPages) {
        await page.goto(server.origin + p, { waitUntil: 'load' });
        // Tab through the whole page, as a keyboard user does, so that
        // :focus-visible applies; stop when focus comes round again.
        const seen = new Set();
        for (let i = 0; i < 150; i++) {
          await page.keyboard.press('Tab');
          const r = await page.evaluate(ringContrast);
          if (!r || seen.has(r.id)) break;
          seen.add(r.id);
          if (r.hidden) continue; // a folded menu's links are not shown
          rings++;
          if (r.ratio < 3) failures.push(`${comboName(combo)} ${p}: ${r.html}\n  ring ${r.ring} on ${r.bg}: ${r.ratio.toFixed(2)}:1`);
        }
      }
    } finally { await context.close(); }
  }
  log(`focus: ${rings} focus rings measured`);
  assert.ok(rings > 100, `only ${rings} focus rings were measured: the test did not tab through the pages`);
  assert.equal(failures.length, 0, report('focus rings under 3:1', failures));
});

// ringContrast runs in the page: the focused element's ring colour, the
// background it is drawn on (the nearest ancestor with a background: the
// ring sits outside the element, outline-offset away), and their contrast.
function ringContrast() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  el.dataset.focusSeen ??= String(Math.random());
  const cs = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const html = el.outerHTML.replace(/\s+/g, ' ').slice(0, 140);
  if (rect.width === 0 && rect.height === 0) return { id: el.dataset.focusSeen, hidden: true };
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = null;
  for (let a = el.parentElement; a; a = a.parentElement) {
    const c = parse(getComputedStyle(a).backgroundColor);
    if (c && c.a > 0) { bg = c; break; }
  }
  bg ??= { r: 255, g: 255, b: 255, a: 1 };
  const width = parseFloat(cs.outlineWidth);
  const ring = cs.outlineStyle === 'none' || !(width >= 2) ? null : parse(cs.outlineColor);
  const show = (c) => c ? `rgb(${c.r}, ${c.g}, ${c.b})` : 'none';
  if (!ring) return { id: el.dataset.focusSeen, ratio: 0, ring: 'none (no outline of 2px or more)', bg: show(bg), html };
  const [hi, lo] = [lum(ring), lum(bg)].sort((x, y) => y - x);
  return { id: el.dataset.focusSeen, ratio: (hi + 0.05) / (lo + 0.05), ring: show(ring), bg: show(bg), html };
}

test('print: only the content prints, external links show their address, steps and tables are not split', async () => {
  const context = await browser.newContext({ viewport: viewports.desktop });
  const page = await context.newPage();
  try {
    for (const p of ['/pathways/research-collaboration/', '/nb/partners/roche/', '/']) {
      await page.goto(server.origin + p, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      for (const sel of ['.site-header', '.main-nav', 'header [role=search]', '.site-footer', '.skip-link', '.lang-switch', '.breadcrumbs']) {
        const n = await page.locator(sel).count();
        for (let i = 0; i < n; i++) {
          assert.equal(await page.locator(sel).nth(i).isVisible(), false, `${p}: ${sel} is printed`);
        }
      }
      assert.ok(await page.locator('main h1').isVisible(), `${p}: the page's title is not printed`);
      // With the header, footer and the site's link addresses gone, the
      // paper says where the page is online.
      assert.ok(await page.locator('.print-address').isVisible(), `${p}: the printed page does not say where it is online`);
      assert.ok((await page.locator('.print-address').textContent()).trim().endsWith(p), `${p}: the printed address is not the page's`);
      // The example's text links to no other site yet: one is added, as an
      // author would write it, beside the page's own links.
      const links = await page.evaluate(() => {
        const prose = document.querySelector('.prose') || document.querySelector('main');
        const a = document.createElement('a');
        a.href = 'https://www.example.org/report';
        a.textContent = 'a report';
        prose.append(a);
        return [...document.querySelectorAll('main a[href]')].map((l) => ({
          href: l.getAttribute('href'), external: l.host !== location.host && /^https?:/.test(l.href), after: getComputedStyle(l, '::after').content,
        }));
      });
      assert.ok(links.some((l) => l.external) && links.some((l) => !l.external), `${p}: no links of both kinds to test`);
      for (const l of links) {
        if (l.external) assert.ok(l.after.includes(l.href), `${p}: the external link ${l.href} prints without its address (::after ${l.after})`);
        else assert.ok(!l.after.includes('/'), `${p}: the site's own link ${l.href} prints an address (${l.after})`);
      }
      // A table in the text (the example has none yet) and the steps keep together.
      const breaks = await page.evaluate(() => {
        const prose = document.querySelector('.prose') || document.querySelector('main');
        const t = document.createElement('table');
        t.innerHTML = '<tr><th>a</th><td>b</td></tr>';
        prose.append(t);
        const out = { table: getComputedStyle(t).breakInside, row: getComputedStyle(t.rows[0]).breakInside };
        const step = document.querySelector('.steps li');
        if (step) out.step = getComputedStyle(step).breakInside;
        t.remove();
        return out;
      });
      assert.equal(breaks.table, 'avoid', `${p}: a table may be split across printed pages`);
      assert.equal(breaks.row, 'avoid', `${p}: a table row may be split across printed pages`);
      if (p.startsWith('/pathways/')) assert.equal(breaks.step, 'avoid', `${p}: a step may be split across printed pages`);
      await page.emulateMedia({ media: 'screen' });
      assert.equal(await page.locator('.print-address').isVisible(), false, `${p}: the print-only address shows on screen`);
    }
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'printing to PDF failed');
  } finally { await context.close(); }
});

test('phone: the logo link stays clear of the Menu button, in both languages', async () => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const page = await context.newPage();
  try {
    for (const p of ['/', '/nb/', '/case-studies/', '/nb/search/', '/nb/pathways/research-collaboration/']) {
      await page.goto(server.origin + p, { waitUntil: 'load' });
      const { brand, menu, hit } = await page.evaluate(() => {
        const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
        const m = document.querySelector('.menu > summary');
        const b = box(document.querySelector('.brand'));
        const mb = box(m);
        // What a tap in the gap to the left of the button lands on.
        const at = document.elementFromPoint(mb.left - 2, (mb.top + mb.bottom) / 2);
        return { brand: b, menu: mb, hit: at ? at.closest('a, summary')?.className || at.tagName : null };
      });
      const overlaps = brand.right > menu.left && brand.left < menu.right && brand.bottom > menu.top && brand.top < menu.bottom;
      assert.ok(!overlaps, `${p}: the logo link (${brand.left}–${brand.right} px) runs under the Menu button (${menu.left}–${menu.right} px)`);
      assert.notEqual(hit, 'brand', `${p}: a tap just left of the Menu button opens the home page`);
    }
  } finally { await context.close(); }
});
