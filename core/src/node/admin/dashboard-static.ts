import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';

/**
 * The dashboard's page allows only its own files: no inline script or style, no other origin, no framing.
 * `connect-src 'self'` covers the admin API and its event stream, which live on the same origin.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The first URL carries a one-time login code: never let it leak through a Referer.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Iron Cage</title></head>
<body><h1>The dashboard is not built</h1>
<p>This gateway is running, but it found no dashboard files in <code>out/renderer</code>.
Run <code>npm run build</code> (or <code>npm run build:renderer</code>) in the Iron Cage folder, then reload this page.</p>
<p>The gateway itself and its admin API at <code>/admin/api</code> work without it.</p></body></html>`;

/** Where the built dashboard lives: `IRON_CAGE_DASHBOARD_DIR`, else `out/renderer` in the Iron Cage package. */
export function locateDashboardDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.IRON_CAGE_DASHBOARD_DIR || join(PACKAGE_ROOT, 'out', 'renderer');
}

/** Whether a request path belongs to the dashboard's static files (everything else is the gateway's). */
export function isDashboardPath(path: string): boolean {
  return path === '/' || path === '/index.html' || path === '/favicon.svg' || path.startsWith('/assets/');
}

/**
 * Maps a request path to a file under the dashboard folder, or null. Decoded once; any `..`, `.`, empty
 * segment, backslash or NUL is refused outright rather than normalised, so no spelling of a traversal
 * can name a file outside the folder.
 */
export function dashboardFileFor(path: string): string | null {
  if (path === '/' || path === '/index.html') return 'index.html';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  if (!CONTENT_TYPES[extname(decoded).toLowerCase()]) return null;
  return segments.join('/');
}

function send(res: ServerResponse, req: IncomingMessage, status: number, headers: Record<string, string>, body: Buffer | string): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-length': String(buf.length) });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

/** Serves the built dashboard (GET/HEAD only) from `dir`; `null` or a folder without index.html says how to build it. */
export async function serveDashboardFile(req: IncomingMessage, res: ServerResponse, path: string, dir: string | null): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, req, 405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'use GET\n');
    return;
  }
  const rel = dashboardFileFor(path);
  const notFound = (): void => send(res, req, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'not found\n');
  if (rel === null) return notFound();
  if (dir === null || !existsSync(join(dir, 'index.html'))) {
    if (rel === 'index.html') return send(res, req, 503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, NOT_BUILT);
    return notFound();
  }
  let file: string;
  try {
    // A symlink inside the folder must not lead out of it either.
    const root = await realpath(dir);
    file = await realpath(join(root, rel));
    if (!file.startsWith(root + sep) || !(await stat(file)).isFile()) return notFound();
  } catch {
    return notFound();
  }
  const body = await readFile(file);
  // Asset names carry a content hash, so they can be cached for good; the page itself is always revalidated.
  const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  send(res, req, 200, { 'content-type': CONTENT_TYPES[extname(file).toLowerCase()]!, 'cache-control': cache }, body);
}
