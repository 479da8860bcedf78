import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { DASHBOARD_CSP } from '../../core/src/node/admin/dashboard-static.ts';

/**
 * The dashboard is served from `app://iron-cage/`, not `file://`: a file URL would make every file on the disk
 * same-origin with the dashboard, and a custom scheme lets us set the CSP as a real response header (the same
 * policy `iron-cage serve` sends with the web dashboard, so the e2e suite proves the dashboard runs under it).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'iron-cage';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Registered before `ready`: a standard, secure scheme (like https) that may use fetch and the code cache. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

function notFound(status = 404): Response {
  return new Response(null, { status });
}

/**
 * Serves the built renderer (`out/renderer`) read-only. Only GET, only our host, only files inside the root;
 * unknown extension-less paths get index.html so the dashboard's history routes survive a reload.
 */
export function createAppRequestHandler(root: string, read: (file: string) => Promise<Buffer> = readFile) {
  const base = resolve(root);
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return notFound(400);
    }
    if (path.includes('\0')) return notFound(400);
    if (path === '/' || (extname(path) === '' && !path.endsWith('/'))) path = '/index.html';
    const file = resolve(base, `.${path}`);
    if (!file.startsWith(base + sep)) return notFound(403);
    let body: Buffer;
    try {
      body = await read(file);
    } catch {
      return notFound();
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = DASHBOARD_CSP;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
