import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppError } from '../../domain/errors.ts';
import type { Logger } from '../../ports/logger.ts';
import { checkOrigin } from './http-admin.ts';
import { isDashboardPath, serveDashboardFile } from './dashboard-static.ts';
import { handleSessionRoute } from './session-http.ts';
import type { DashboardSessions } from './session-store.ts';

export interface DashboardRoutesOptions {
  /** The built dashboard folder (out/renderer); null serves a page that says how to build it. */
  dir: string | null;
  sessions: DashboardSessions;
  adminToken: string;
  cookieName(): string;
  allowedHosts(): ReadonlySet<string>;
  logger: Logger;
}

/**
 * The web dashboard's share of the gateway: its static files at `/` and the login routes under `/admin`.
 * Returns false for every other request, which the gateway then routes as usual. The page itself is served
 * without a session (it shows the login form); only the admin API behind it needs one.
 */
export function createDashboardRoutes(o: DashboardRoutesOptions) {
  const check = (req: IncomingMessage): void => checkOrigin(req, o.allowedHosts());
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (handleSessionRoute(req, res, path, { sessions: o.sessions, adminToken: o.adminToken, cookieName: o.cookieName, checkOrigin: check, logger: o.logger })) {
      return true;
    }
    if (!isDashboardPath(path)) return false;
    try {
      // The Host check stops a DNS-rebinding page from reading the dashboard as if it were its own.
      check(req);
    } catch (e) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      res.end(`${isAppError(e) ? e.message : 'forbidden'}\n`);
      return true;
    }
    serveDashboardFile(req, res, path, o.dir).catch((e: unknown) => {
      o.logger.error('dashboard file failed', { error: (e as Error)?.stack ?? String(e) });
      if (res.headersSent) res.end();
      else {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error; see the log\n');
      }
    });
    return true;
  };
}
