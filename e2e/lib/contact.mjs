// contact.mjs: run the contact endpoint (`portal contact serve`) for the
// submit journey, when this checkout has it.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './site.mjs';

const run = promisify(execFile);

/**
 * Build cmd/portal once and say whether it has `contact serve`. Returns
 * { bin } or { missing: reason }. `portal contact --help` prints the
 * subcommands and exits non-zero (usage) even when the command exists, so
 * the test is whether that output lists `serve`.
 */
export async function portalWithContact() {
  const tmp = await mkdtemp(path.join(tmpdir(), 'portal-e2e-bin-'));
  const bin = path.join(tmp, 'portal');
  await run('go', ['build', '-o', bin, './cmd/portal'], { cwd: repoRoot });
  let out;
  try {
    const r = await run(bin, ['contact', '--help'], { cwd: repoRoot });
    out = r.stdout + r.stderr;
  } catch (err) {
    out = (err.stdout || '') + (err.stderr || '');
  }
  if (/unknown command/i.test(out) || !/\bserve\b/.test(out)) {
    return { missing: `'portal contact' is not in this checkout (portal contact --help: ${out.trim().split('\n')[0]})` };
  }
  return { bin, tmp };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/**
 * Start `portal contact serve` on a free loopback port with a throw-away
 * database; resolves when GET /healthz answers. allowOrigin is the test
 * server's origin; source is the site whose site.yaml it serves (default
 * the repository's). Returns { base, stop(), output() }.
 */
export async function startContact(bin, tmp, allowOrigin, { source = repoRoot } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['contact', 'serve', '--addr', `127.0.0.1:${port}`, '--db', path.join(tmp, 'c.db'),
    '--source', source, '--origin', allowOrigin], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  const deadline = Date.now() + 20000;
  for (;;) {
    if (exited !== null) throw new Error(`portal contact serve exited with ${exited}:\n${log}`);
    try {
      const r = await fetch(base + '/healthz');
      if (r.ok) break;
    } catch { /* not yet listening */ }
    if (Date.now() > deadline) { child.kill(); throw new Error(`portal contact serve did not answer /healthz in 20 s:\n${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  const db = path.join(tmp, 'c.db');
  return {
    base,
    output: () => log,
    /** The stored inquiries, through `portal contact export --format json`. */
    async inquiries() {
      const r = await run(bin, ['contact', 'export', '--db', db, '--format', 'json'], { cwd: repoRoot });
      const data = JSON.parse(r.stdout || '[]');
      return Array.isArray(data) ? data : (data.inquiries || data.items || []);
    },
    stop: () => new Promise((resolve) => {
      if (exited !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => { if (exited === null) child.kill('SIGKILL'); }, 5000).unref();
    }),
  };
}
