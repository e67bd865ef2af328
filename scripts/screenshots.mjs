#!/usr/bin/env node
// screenshots.mjs: build the site, serve it on 127.0.0.1 and write
// docs/screenshots/<name>-{phone,desktop}.png for the pages below, in
// English and Norwegian (phone 390x844, desktop 1280x900; the home pages
// full length, the others the first screen or, with scroll, the screen from a
// heading down; the phone menu also open). Run from the repository root after `npm ci`:
//   node scripts/screenshots.mjs            (or E2E_SITE_DIR=public to skip the build)
//   SCHEME=dark OUT=/tmp/dark node scripts/screenshots.mjs   dark scheme, elsewhere
//   SHOTS=search,search-nb node scripts/screenshots.mjs      only the shots named
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, serve, repoRoot } from '../e2e/lib/site.mjs';
import { launch, viewports } from '../e2e/lib/browser.mjs';

const scheme = process.env.SCHEME || 'light';
const out = path.resolve(repoRoot, process.env.OUT || 'docs/screenshots');
const shots = [
  { name: 'home', path: '/', fullPage: true },
  { name: 'home-nb', path: '/nb/', fullPage: true },
  { name: 'case-study', path: '/case-studies/roche-agreement-2021/' },
  { name: 'case-study-sources', path: '/case-studies/roche-agreement-2021/', scroll: '#sources-title' },
  { name: 'case-study-sources-nb', path: '/nb/case-studies/roche-agreement-2021/', scroll: '#sources-title' },
  { name: 'partner-nb', path: '/nb/partners/norwegian-defence-research-establishment/' },
  { name: 'partners-nb', path: '/nb/partners/', fullPage: true },
  { name: 'pathway-photo', path: '/pathways/research-collaboration/' },
  { name: 'pathways-nb', path: '/nb/pathways/' },
  { name: 'case-studies', path: '/case-studies/' },
  { name: 'agreement-nb', path: '/nb/agreements/non-disclosure-agreement/' },
  { name: 'search', path: '/search/?q=intership+supervision' },
  { name: 'search-nb', path: '/nb/search/?q=praksis+veiledninng' },
  { name: 'search-nothing', path: '/search/?q=mass+spectrometry' },
  { name: 'search-nothing-nb', path: '/nb/search/?q=kjerne+fasiliteter' },
  { name: 'contact', path: '/contact/' },
  { name: 'contact-nb', path: '/nb/contact/licensing-and-spinoffs/' },
  { name: 'guide', path: '/guide/' },
  { name: 'guide-nb', path: '/nb/guide/students/' },
  { name: 'thanks-nb', path: '/nb/contact/thanks/?ref=K7QD-M2XA&by=2026-12-04' },
  { name: 'menu-nb', path: '/nb/offerings/', click: '.menu > summary', only: 'phone' },
];

const only = process.env.SHOTS ? new Set(process.env.SHOTS.split(',')) : null;
const dir = await buildSite();
const server = await serve(dir);
const browser = await launch();
try {
  await mkdir(out, { recursive: true });
  for (const [width, viewport] of Object.entries(viewports)) {
    const context = await browser.newContext({ viewport, colorScheme: scheme });
    const page = await context.newPage();
    for (const s of shots) {
      if ((s.only && s.only !== width) || (only && !only.has(s.name))) continue;
      const res = await page.goto(server.origin + s.path, { waitUntil: 'networkidle' });
      if (!res || res.status() !== 200) throw new Error(`${s.path}: HTTP ${res && res.status()}`);
      if (s.click) await page.click(s.click);
      // A part further down the page: its heading at the top of the screen.
      if (s.scroll) await page.locator(s.scroll).evaluate((e) => { e.scrollIntoView({ block: 'start', behavior: 'instant' }); window.scrollBy({ top: -24, behavior: 'instant' }); });
      const file = path.join(out, `${s.name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: !!s.fullPage });
      console.log(path.relative(repoRoot, file));
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  if (!process.env.E2E_SITE_DIR) await rm(dir, { recursive: true, force: true });
}
