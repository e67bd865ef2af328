#!/usr/bin/env node
// scripts/search-relevance.mjs: builds the example site, indexes the same
// built site with Pagefind 1.6 (npm, package.json), and prints hits@3 of
// both on testdata/search/relevance.json, per label and per query, and
// then both on its precision set (issue 20), per kind and per query, as
// BENCHMARKS.md reports them. Needs `npm ci` and Chromium (/usr/bin/chromium).
//
//	node scripts/search-relevance.mjs [--misses]   # --misses: only the queries either engine missed
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { buildSite, serve } from '../e2e/lib/site.mjs';
import { launch } from '../e2e/lib/browser.mjs';
import { loadSet, loadPrecision, pagefind, compare, summary, comparePrecision, precisionSummary } from '../e2e/lib/relevance.mjs';

const dir = await buildSite({ useEnv: false });
const server = await serve(dir);
const browser = await launch();
try {
  await pagefind(dir);
  const res = await compare(browser, server.origin, await loadSet());
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${os.cpus().length} cores`);
  console.log(summary(res));
  const onlyMisses = process.argv.includes('--misses');
  for (const r of res.rows) {
    if (onlyMisses && r.portalHit && r.pagefindHit) continue;
    const mark = (h) => (h ? 'hit ' : 'MISS');
    console.log(`${r.lang} ${JSON.stringify(r.query).padEnd(36)} ${r.label.padEnd(15)} portal ${mark(r.portalHit)} ${r.portal.join(' ') || '-'} | pagefind ${mark(r.pagefindHit)} ${r.pagefind.join(' ') || '-'}`);
  }
  const prec = await comparePrecision(browser, server.origin, await loadPrecision());
  console.log(precisionSummary(prec));
  for (const r of prec) {
    if (onlyMisses && r.portalPass && r.pagefindPass) continue;
    const mark = (p) => (p ? 'pass' : 'FAIL');
    console.log(`${r.lang} ${JSON.stringify(r.query).padEnd(36)} ${r.kind.padEnd(15)} portal ${mark(r.portalPass)} ${r.portal.top3.join(' ') || '-'}${r.portal.fixed ? ' (' + r.portal.fixed + ')' : ''} | pagefind ${mark(r.pagefindPass)} ${r.pagefind.join(' ') || '-'}`);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
