// The relevance set (testdata/search/relevance.json) through the real
// search page of the example site, and through Pagefind 1.6 on the same
// built site: portal must reach 95% hits@3 and beat Pagefind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { buildSite, serve } from './lib/site.mjs';
import { launch } from './lib/browser.mjs';
import { loadSet, pagefind, compare, summary } from './lib/relevance.mjs';

let dir, server, browser;
const errors = [];

before(async () => {
  dir = await buildSite({ useEnv: false }); // a fresh folder: Pagefind writes into it
  await pagefind(dir);
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('relevance: at least 95% hits@3 in the browser, more than Pagefind 1.6', async () => {
  const queries = await loadSet();
  browser.on('disconnected', () => errors.push('browser disconnected'));
  const res = await compare(browser, server.origin, queries);
  console.log(summary(res));
  for (const r of res.rows.filter((r) => !r.portalHit)) console.log(`# portal miss: ${r.lang} “${r.query}” (${r.label}): ${r.portal.join(' ')}`);
  assert.ok(res.portal >= 0.95, `portal hits@3 ${res.portal}`);
  assert.ok(res.portal > res.pagefind, `portal ${res.portal} is not above Pagefind ${res.pagefind}`);
  assert.deepEqual(errors, []);
});
