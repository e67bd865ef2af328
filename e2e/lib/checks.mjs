// checks.mjs: the page-level checks of the e2e suite, kept apart from the
// test files so that selftest.test.mjs can run them against a broken site.
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { viewports } from './browser.mjs';
import { resolveFile } from './site.mjs';

const require = createRequire(import.meta.url);
export const axePath = require.resolve('axe-core/axe.min.js');
// vnu-jar's main module exports the jar's path (a String object).
export const vnuJar = String(require('vnu-jar'));

// WCAG 2.2 AA adds target size (2.5.8) to what axe checks.
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The four ways every page is looked at. */
export const combos = [
  { scheme: 'light', width: 'desktop' },
  { scheme: 'dark', width: 'desktop' },
  { scheme: 'light', width: 'phone' },
  { scheme: 'dark', width: 'phone' },
];
export const comboName = (c) => `${c.scheme}/${c.width}`;

export const BUDGET_BYTES = 30 * 1024;

/** A photo shown 360 CSS px wide on a phone downloads at most this. */
export const PHOTO_BUDGET_BYTES = 60 * 1024;
export const PHOTO_BUDGET_WIDTH = 360;

/**
 * The photo budget: on each page (a phone at the density most phones have,
 * 2), every picture is scrolled into view so lazy ones load, and the file
 * the browser chose (img.currentSrc, WebP where it can) is weighed on disk.
 * A photo shown w CSS px wide may weigh 60 KB × (w / 360)². Returns
 * [{ url, src, shown, bytes, budget }] for every picture shown.
 */
export async function photoWeights(browser, origin, pages, dir) {
  const context = await browser.newContext({ viewport: viewports.phone, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const out = [];
  try {
    for (const p of pages) {
      await page.goto(origin + p, { waitUntil: 'load' });
      const count = await page.locator('picture img').count();
      for (let i = 0; i < count; i++) {
        const img = page.locator('picture img').nth(i);
        if (!(await img.isVisible())) continue;
        await img.scrollIntoViewIfNeeded();
        await img.evaluate((el) => el.complete || new Promise((ok) => { el.onload = ok; el.onerror = ok; }));
        const { src, shown } = await img.evaluate((el) => ({ src: el.currentSrc, shown: el.getBoundingClientRect().width }));
        const file = await resolveFile(dir, new URL(src).pathname);
        const bytes = file ? (await readFile(file)).length : 0;
        const budget = Math.round(PHOTO_BUDGET_BYTES * Math.max(1, (shown / PHOTO_BUDGET_WIDTH) ** 2));
        out.push({ url: origin + p, src: new URL(src).pathname, shown: Math.round(shown), bytes, budget });
      }
    }
  } finally {
    await context.close();
  }
  return out;
}

/**
 * Visit every page at each width, with `tabs` pages open at once. Each page
 * is loaded once per width and axe runs once per colour scheme on it
 * (page.emulateMedia switches the scheme without a reload). Records per
 * (page, combo): axe violations and every request made; for the first combo
 * of `only` (light/desktop by default) also the DOM facts the budget checks
 * need. Returns { visits: [{ page, combo, url, status, violations, requests, dom, error }] }.
 */
export async function crawl(browser, origin, pages, { tabs = 3, only = combos, log = () => {} } = {}) {
  const visits = [];
  const widths = [...new Set(only.map((c) => c.width))];
  for (const width of widths) {
    const t0 = Date.now();
    const mine = only.filter((c) => c.width === width);
    const context = await browser.newContext({ viewport: viewports[width] });
    const queue = [...pages];
    const worker = async () => {
      const page = await context.newPage();
      let requests = [];
      page.on('request', (r) => requests.push({ url: r.url(), type: r.resourceType() }));
      while (queue.length) {
        const p = queue.shift();
        requests = [];
        const these = mine.map((combo) => ({ page: p, combo, url: origin + p, requests, violations: [], dom: null, error: null }));
        try {
          await page.emulateMedia({ colorScheme: mine[0].scheme });
          const res = await page.goto(origin + p, { waitUntil: 'load' });
          for (const v of these) v.status = res ? res.status() : 0;
          // DOM facts first: axe is injected as a script and must not count.
          if (mine[0] === only[0]) these[0].dom = await page.evaluate(domFacts);
          await page.addScriptTag({ path: axePath });
          for (const v of these) {
            try {
              await page.emulateMedia({ colorScheme: v.combo.scheme });
              const result = await page.evaluate((tags) => globalThis.axe.run(document, {
                runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
              }), axeTags);
              v.violations = result.violations.map(slim);
              if (v.combo === only[0]) {
                // Landmarks, heading order, unique landmark names: axe files
                // these under best-practice, not WCAG; checked once per page.
                const bp = await page.evaluate(() => globalThis.axe.run(document, {
                  runOnly: { type: 'tag', values: ['best-practice'] }, resultTypes: ['violations'],
                }));
                v.bestPractice = bp.violations.map(slim);
              }
            } catch (err) { v.error = err.message; }
          }
        } catch (err) {
          for (const v of these) v.error = err.message;
        }
        visits.push(...these);
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: tabs }, worker));
    await context.close();
    log(`${width} (${mine.map((c) => c.scheme).join(' + ')}): ${pages.length} pages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { visits };
}

const slim = (x) => ({
  id: x.id, impact: x.impact, help: x.help, helpUrl: x.helpUrl,
  nodes: x.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
});

// Runs in the page: what the budget checks need from the DOM.
function domFacts() {
  const attr = (el, a) => (el.hasAttribute(a) ? el.getAttribute(a) : null);
  const describe = (el) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 200);
  const stylesheets = [...document.querySelectorAll('link[rel~="stylesheet" i]')].map((l) => ({
    inHead: l.closest('head') !== null, html: describe(l),
  }));
  const blockingScripts = [...document.querySelectorAll('script')].filter((s) => {
    const type = (attr(s, 'type') || '').trim().toLowerCase();
    if (type === 'application/ld+json' || type === 'module') return false;
    if (type && !['text/javascript', 'application/javascript'].includes(type)) return false; // data blocks
    return !(s.hasAttribute('src') && (s.defer || s.async));
  }).map((s) => ({ inHead: s.closest('head') !== null, html: describe(s) }));
  const images = [...document.querySelectorAll('img')].map((img) => {
    const r = img.getBoundingClientRect();
    return {
      src: attr(img, 'src'), width: attr(img, 'width'), height: attr(img, 'height'),
      loading: attr(img, 'loading'), fetchpriority: attr(img, 'fetchpriority'), top: r.top + window.scrollY, html: describe(img),
    };
  });
  return { stylesheets, blockingScripts, images, viewportHeight: window.innerHeight };
}

/**
 * One entry per violating element, naming the rule, every page and view it
 * occurs on, the element's selector (target) and its html. An element that a
 * shared layout puts on many pages is one entry listing those pages, so a
 * template fault reads as one problem, not hundreds.
 */
export function axeFailures(visits, key = 'violations') {
  const out = [];
  const groups = new Map();
  for (const v of visits) {
    if (v.error) { out.push(`${v.url} [${comboName(v.combo)}] could not be checked: ${v.error}`); continue; }
    for (const viol of v[key] || []) {
      for (const n of viol.nodes) {
        const k = JSON.stringify([viol.id, n.target, n.html, n.summary]);
        if (!groups.has(k)) groups.set(k, { viol, node: n, pages: new Map() });
        const pages = groups.get(k).pages;
        if (!pages.has(v.url)) pages.set(v.url, []);
        pages.get(v.url).push(comboName(v.combo));
      }
    }
  }
  for (const { viol, node, pages } of groups.values()) {
    const where = [...pages].map(([url, views]) => `    page:   ${url} [${views.join(', ')}]`).join('\n');
    out.push(`${viol.id} (${viol.impact}): ${viol.help}\n${where}\n` +
      `    target: ${JSON.stringify(node.target)}\n    html:   ${node.html}\n` +
      `    ${(node.summary || '').replace(/\n/g, '\n    ')}\n    see ${viol.helpUrl}`);
  }
  return out;
}

/** Requests to any origin other than the test server (data: and about: allowed). */
export function foreignRequests(visits, origin) {
  const out = new Set();
  for (const v of visits) {
    for (const r of v.requests || []) {
      if (/^(data|about|blob):/.test(r.url)) continue;
      let o;
      try { o = new URL(r.url).origin; } catch { o = null; }
      if (o !== origin) out.add(`${v.url} [${comboName(v.combo)}] requested ${r.url} (${r.type})`);
    }
  }
  return [...out];
}

/**
 * Page-weight budget: HTML + CSS + JS of each page, each body gzipped, summed.
 * Bodies are read from the built site on disk, so the browser cache does not
 * hide anything. Search index data (non-script files under /search/) and
 * images are not counted. Returns [{ url, bytes, parts }] for every page.
 */
export async function pageWeights(visits, origin, dir) {
  const cache = new Map();
  const gz = async (u) => {
    if (!cache.has(u)) {
      const file = await resolveFile(dir, new URL(u).pathname);
      cache.set(u, file ? gzipSync(await readFile(file)).length : 0);
    }
    return cache.get(u);
  };
  const out = [];
  for (const v of visits) {
    if (!v.requests) continue;
    const urls = new Set();
    urls.add(v.url); // the document itself
    for (const r of v.requests) {
      if (!['document', 'stylesheet', 'script'].includes(r.type)) continue;
      let u;
      try { u = new URL(r.url); } catch { continue; }
      if (u.origin !== origin) continue;
      if (u.pathname.startsWith('/search/') && r.type !== 'script' && r.type !== 'document') continue;
      u.hash = '';
      urls.add(u.href);
    }
    const parts = [];
    let bytes = 0;
    for (const u of urls) {
      const n = await gz(u);
      parts.push(`${new URL(u).pathname} ${n} B`);
      bytes += n;
    }
    out.push({ url: v.url, bytes, parts });
  }
  return out;
}

/** Render-blocking resources and image attribute rules, from the DOM facts. */
export function domFailures(visits) {
  const out = [];
  for (const v of visits) {
    const d = v.dom;
    if (!d) continue;
    if (d.stylesheets.length > 1) {
      out.push(`${v.url}: ${d.stylesheets.length} render-blocking stylesheets, at most 1 allowed:\n    ` +
        d.stylesheets.map((s) => s.html).join('\n    '));
    }
    for (const s of d.stylesheets) {
      if (!s.inHead) out.push(`${v.url}: stylesheet outside <head>: ${s.html}`);
    }
    for (const s of d.blockingScripts) {
      out.push(`${v.url}: render-blocking script (add defer, async or type=module): ${s.html}`);
    }
    for (const img of d.images) {
      if (img.width === null || img.height === null) {
        out.push(`${v.url}: <img> without width and height attributes: ${img.html}`);
      }
      // The picture at the top of a page loads first on purpose
      // (fetchpriority="high"), even where a phone's screen ends above it.
      if (img.top > d.viewportHeight && img.loading !== 'lazy' && img.fetchpriority !== 'high') {
        out.push(`${v.url}: <img> below the fold (top ${Math.round(img.top)} px > ${d.viewportHeight} px) without loading="lazy": ${img.html}`);
      }
    }
  }
  return out;
}

/**
 * Nu HTML Checker over all files in ONE java run. Returns
 * [{ file, line, column, message, extract }] for every error.
 */
export function vnu(files, { root } = {}) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...files],
      { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        let data;
        try { data = JSON.parse(stderr || stdout); } catch {
          reject(new Error(`vnu did not answer JSON (${err ? err.message : 'no error'}):\n${stderr}\n${stdout}`));
          return;
        }
        resolve((data.messages || []).filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error').map((m) => {
          let file = m.url || '';
          try { file = decodeURIComponent(new URL(file).pathname); } catch { /* keep */ }
          if (root) file = path.relative(root, file);
          return { file, line: m.lastLine ?? m.firstLine, column: m.firstColumn ?? m.lastColumn, message: m.message, extract: m.extract };
        }));
      });
  });
}

export function vnuFailures(errors) {
  return errors.map((e) => `${e.file}:${e.line ?? '?'}:${e.column ?? '?'}: ${e.message}` +
    (e.extract ? `\n    ${e.extract.replace(/\n/g, ' ')}` : ''));
}

/** "N problems:\n<each>" for an assertion message, trimmed to a readable length. */
export function report(title, failures, max = 500) {
  const shown = failures.slice(0, max);
  const more = failures.length > max ? `\n… and ${failures.length - max} more` : '';
  return `${title}: ${failures.length} problem(s)\n\n${shown.join('\n\n')}${more}\n`;
}
