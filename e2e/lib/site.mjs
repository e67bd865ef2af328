// site.mjs: build the example site, list every page in it, and serve it on
// 127.0.0.1 the way the production web server does (index.html for folders,
// 404.html with status 404 for misses), optionally proxying some paths to a
// backend on the same origin.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, request as httpRequest } from 'node:http';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);

/** The repository root (the folder holding go.mod). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Build the site from source (default: the repository) into a fresh temp
 * folder and return that folder. Honours E2E_SITE_DIR when source is the repo.
 */
export async function buildSite({ source = repoRoot, useEnv = true } = {}) {
  if (useEnv && process.env.E2E_SITE_DIR) return path.resolve(process.env.E2E_SITE_DIR);
  const out = await mkdtemp(path.join(tmpdir(), 'portal-e2e-site-'));
  try {
    await run('go', ['run', './cmd/portal', 'build', '-source', source, '-o', out], {
      cwd: repoRoot, maxBuffer: 16 << 20,
    });
  } catch (err) {
    throw new Error(`building the site from ${source} failed:\n${err.stderr || err.message}`);
  }
  return out;
}

/** Every *.html file under dir, as absolute paths, sorted. */
export async function htmlFiles(dir) {
  const out = [];
  async function walk(d) {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name.endsWith('.html')) out.push(p);
    }
  }
  await walk(dir);
  return out.sort();
}

/**
 * Every page of the built site as a URL path ("/", "/nb/offerings/",
 * "/404.html", ...): the sitemap's <loc>s plus every HTML file on disk, so
 * pages left out of the sitemap (fallbacks, 404, contact topic pages, noindex
 * pages, paginated lists) are still checked.
 */
export async function listPages(dir) {
  const paths = new Set();
  try {
    const xml = await readFile(path.join(dir, 'sitemap.xml'), 'utf8');
    for (const m of xml.matchAll(/<loc>([^<]+)<\/loc>/g)) paths.add(new URL(m[1].trim()).pathname);
  } catch { /* no sitemap: the walk below still finds every page */ }
  for (const f of await htmlFiles(dir)) {
    let rel = '/' + path.relative(dir, f).split(path.sep).join('/');
    if (rel.endsWith('/index.html')) rel = rel.slice(0, -'index.html'.length);
    paths.add(rel);
  }
  return [...paths].sort();
}

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.webp': 'image/webp', '.avif': 'image/avif', '.gif': 'image/gif', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.pdf': 'application/pdf', '.wasm': 'application/wasm',
};

/** Resolve a URL path to a file under dir, or null. */
export async function resolveFile(dir, urlPath) {
  let p;
  try { p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]); } catch { return null; }
  const file = path.join(dir, path.normalize(p));
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  try {
    const s = await stat(file);
    if (s.isDirectory()) {
      const idx = path.join(file, 'index.html');
      return (await stat(idx)).isFile() ? idx : null;
    }
    return s.isFile() ? file : null;
  } catch { return null; }
}

/**
 * Serve dir on 127.0.0.1 at a random port. proxy maps a path prefix to a
 * backend base URL ("http://127.0.0.1:8090"): such requests are forwarded
 * with their method, headers (Host kept, so the backend sees a same-origin
 * post) and body. Returns { origin, port, close() }.
 */
export async function serve(dir, { proxy = {} } = {}) {
  dir = path.resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const prefix = Object.keys(proxy).find((p) => req.url.startsWith(p));
      if (prefix) return forward(req, res, proxy[prefix]);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      let file = await resolveFile(dir, new URL(req.url, 'http://x').pathname);
      let status = 200;
      if (!file) { status = 404; file = await resolveFile(dir, '/404.html'); }
      if (!file) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return; }
      const body = await readFile(file);
      res.writeHead(status, {
        'Content-Type': types[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

function forward(req, res, base) {
  const target = new URL(req.url, base);
  const up = httpRequest(target, { method: req.method, headers: req.headers }, (upRes) => {
    res.writeHead(upRes.statusCode, upRes.headers);
    upRes.pipe(res);
  });
  up.on('error', (err) => {
    res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`proxy to ${base}: ${err.message}`);
  });
  req.pipe(up);
}
