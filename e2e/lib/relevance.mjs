// relevance.mjs: runs testdata/search/relevance.json through the real
// search page of a built site and through Pagefind 1.6 (npm, pinned in
// package.json) on the same built site, in one Chromium, and returns
// hits@3 for both: a query counts when one of its pages is among the first
// three results. Used by e2e/search-relevance.test.mjs and
// scripts/search-relevance.mjs.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './site.mjs';

const run = promisify(execFile);

const table = async () => JSON.parse(await readFile(path.join(repoRoot, 'testdata', 'search', 'relevance.json'), 'utf8'));

/** The relevance set. */
export async function loadSet() {
  return (await table()).queries;
}

/** The precision set (issue 20): kinds absent, form and typo. */
export async function loadPrecision() {
  return (await table()).precision;
}

/** Index dir with Pagefind 1.6 (its files go to dir/pagefind/), offline. */
export async function pagefind(dir) {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'pagefind');
  const { stdout } = await run(bin, ['--site', dir], { cwd: repoRoot, maxBuffer: 16 << 20 });
  return stdout;
}

// The page a language's search lives at.
const searchPage = (lang) => (lang === 'en' ? '/search/' : '/' + lang + '/search/');
const path_ = (href) => new URL(href, 'http://x').pathname;

/** The first three results of the search page for q, as paths. */
export async function portalTop3(page, origin, lang, q) {
  await page.goto(origin + searchPage(lang) + '?q=' + encodeURIComponent(q));
  await page.locator('#search-status').filter({ hasText: /\d|No results|Ingen treff/ }).waitFor();
  const hrefs = await page.locator('#search-results a').evaluateAll((as) => as.slice(0, 3).map((a) => a.getAttribute('href')));
  return hrefs.map(path_);
}

/** What the search page shows for q: the first three results, the
 * correction ("" if none), whether the way on is shown and where its
 * contact link goes. */
export async function portalAnswer(page, origin, lang, q) {
  const top3 = await portalTop3(page, origin, lang, q);
  const all = (await page.locator('#search-results a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).map(path_);
  const fixed = (await page.locator('.search-fix:not([hidden]) strong').allTextContents()).join(' ');
  const none = page.locator('#search-none:not([hidden])');
  const ask = (await none.count()) ? await none.locator('#search-ask').getAttribute('href') : '';
  return { top3, all, fixed, wayOn: Boolean(ask), ask };
}

/** Whether an answer passes a precision case, and why not. */
export function judgePrecision(c, a) {
  const never = (a.all || []).filter((u) => (c.never || []).includes(u));
  if (never.length) return `results include ${never.join(' ')}, which must not be shown`;
  const hit = a.top3.some((u) => (c.expect || []).includes(u));
  if (c.kind === 'absent') return a.top3.length === 0 && !a.fixed && a.wayOn ? '' : `results ${a.top3.join(' ')}, corrected “${a.fixed}”, way on ${a.wayOn}`;
  if (c.kind === 'form') return hit && !a.fixed ? '' : `top 3 ${a.top3.join(' ')}, corrected “${a.fixed}”`;
  if (c.kind === 'typo') return hit && a.fixed === c.corrected ? '' : `top 3 ${a.top3.join(' ')}, corrected “${a.fixed}”, want “${c.corrected}”`;
  return 'unknown kind';
}

/** Pagefind on a precision case: it does no corrections, so a misspelling
 * passes when its page is still in the top three. */
export const pagefindPasses = (c, top3) => (c.kind === 'absent' ? top3.length === 0 : top3.some((u) => c.expect.includes(u)));

/** Both engines on the precision set. */
export async function comparePrecision(browser, origin, cases) {
  const ctx = await browser.newContext();
  const portal = await ctx.newPage(), pf = { en: await ctx.newPage(), nb: await ctx.newPage() };
  const rows = [];
  for (const c of cases) {
    const a = await portalAnswer(portal, origin, c.lang, c.query);
    const theirs = await pagefindTop3(pf[c.lang] || pf.en, origin, c.lang, c.query);
    const why = judgePrecision(c, a);
    rows.push({ ...c, portal: a, pagefind: theirs, why, portalPass: !why, pagefindPass: pagefindPasses(c, theirs) });
  }
  await ctx.close();
  return rows;
}

/** A plain-text table of the precision comparison, per kind. */
export function precisionSummary(rows) {
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const n = (rs, k) => rs.filter((r) => r[k]).length;
  return [`precision on ${rows.length} queries: portal ${n(rows, 'portalPass')}, Pagefind 1.6 ${n(rows, 'pagefindPass')}`,
    ...kinds.map((k) => { const rs = rows.filter((r) => r.kind === k); return `  ${k.padEnd(8)} ${String(rs.length).padStart(3)}  portal ${n(rs, 'portalPass')}  pagefind ${n(rs, 'pagefindPass')}`; })].join('\n');
}

/** The first three results of Pagefind for q, on the language's page. */
export async function pagefindTop3(page, origin, lang, q) {
  if (!page.url().startsWith(origin + searchPage(lang))) await page.goto(origin + searchPage(lang));
  return page.evaluate(async (q) => {
    window.pf ||= await import('/pagefind/pagefind.js');
    const res = await window.pf.search(q);
    const data = await Promise.all(res.results.slice(0, 3).map((r) => r.data()));
    return data.map((d) => new URL(d.url, location.origin).pathname);
  }, q);
}

/** hits@3 of both engines on the set; rows say what each found. */
export async function compare(browser, origin, queries) {
  const ctx = await browser.newContext();
  const portal = await ctx.newPage(), pf = { en: await ctx.newPage(), nb: await ctx.newPage() };
  const rows = [];
  for (const q of queries) {
    const mine = await portalTop3(portal, origin, q.lang, q.query);
    const theirs = await pagefindTop3(pf[q.lang] || pf.en, origin, q.lang, q.query);
    const hit = (urls) => urls.some((u) => q.expect.includes(u));
    rows.push({ ...q, portal: mine, pagefind: theirs, portalHit: hit(mine), pagefindHit: hit(theirs) });
  }
  await ctx.close();
  const share = (k) => rows.filter((r) => r[k]).length / rows.length;
  return { rows, portal: share('portalHit'), pagefind: share('pagefindHit') };
}

/** A plain-text table of a comparison, per label and overall. */
export function summary({ rows, portal, pagefind }) {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const pct = (x) => (100 * x).toFixed(1) + '%';
  const lines = labels.map((l) => {
    const rs = rows.filter((r) => r.label === l);
    return `  ${l.padEnd(15)} ${String(rs.length).padStart(3)}  portal ${rs.filter((r) => r.portalHit).length}  pagefind ${rs.filter((r) => r.pagefindHit).length}`;
  });
  return [`hits@3 on ${rows.length} queries: portal ${pct(portal)}, Pagefind 1.6 ${pct(pagefind)}`, ...lines].join('\n');
}
