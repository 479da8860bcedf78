import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { CONTENT_TYPES, dashboardFileFor, SECURITY_HEADERS } from '../../admin/dashboard-static.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';

/** Where the built panel dashboard lives: `IRON_CAGE_PANEL_UI_DIR`, else `out/panel-ui` in the Iron Cage package. */
export function locatePanelUiDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.IRON_CAGE_PANEL_UI_DIR || join(PACKAGE_ROOT, 'out', 'panel-ui');
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Iron Cage Control Panel</title></head>
<body><h1>The panel dashboard is not built</h1><p>Run <code>npm run build:panel-ui</code> in the Iron Cage folder, then reload.
The panel's device protocol and admin API at <code>/api</code> work without it.</p></body></html>`;

/**
 * The panel's dashboard: its built files under a strict Content-Security-Policy (only its own scripts and styles,
 * no framing), with the same traversal-proof path mapping as the local gateway's dashboard.
 */
export function panelUiRoutes(dir: string = locatePanelUiDir()): Hono {
  const app = new Hono();
  const serveFile = async (c: Context): Promise<Response> => {
    const rel = dashboardFileFor(c.req.path);
    const headers = (type: string, cache: string): Record<string, string> => ({ ...SECURITY_HEADERS, 'content-type': type, 'cache-control': cache });
    const notFound = (): Response => new Response('not found\n', { status: 404, headers: headers('text/plain; charset=utf-8', 'no-store') });
    if (rel === null) return notFound();
    if (!existsSync(join(dir, 'index.html'))) {
      return rel === 'index.html' ? new Response(NOT_BUILT, { status: 503, headers: headers('text/html; charset=utf-8', 'no-store') }) : notFound();
    }
    let file: string;
    try {
      const root = await realpath(dir);
      file = await realpath(join(root, rel));
      if (!file.startsWith(root + sep) || !(await stat(file)).isFile()) return notFound();
    } catch {
      return notFound();
    }
    const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return new Response(await readFile(file), { headers: headers(CONTENT_TYPES[extname(file).toLowerCase()]!, cache) });
  };
  for (const path of ['/', '/index.html', '/favicon.svg', '/assets/*']) app.get(path, serveFile);
  return app;
}
