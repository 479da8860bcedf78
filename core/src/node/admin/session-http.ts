import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { appError } from '../../domain/errors.ts';
import { toErrorShape } from '../../contract/dispatch.ts';
import type { Logger } from '../../ports/logger.ts';
import { tokensMatch } from '../admin-token.ts';
import { readBody } from '../gateway/read-body.ts';
import type { DashboardSessions } from './session-store.ts';

export const LOGIN_PATH = '/admin/login';
export const LOGOUT_PATH = '/admin/logout';
export const SESSION_PATH = '/admin/session';
/** `POST` with the admin token as a bearer: a fresh one-time login code (`iron-cage dashboard` prints its link). */
export const LOGIN_CODE_PATH = '/admin/login-code';

const LoginInputSchema = z.union([
  z.object({ code: z.string().min(1).max(200) }).strict(),
  z.object({ token: z.string().min(1).max(200) }).strict(),
]);

/**
 * Cookies are scoped to a host, not to a port: two gateways on 127.0.0.1 would overwrite each other's
 * session, so the port is part of the name.
 */
export function sessionCookieName(port: number): string {
  return `ic_session_${port}`;
}

/** The value of one cookie of a request, if present. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Whether a request carries a live dashboard session. A cookie is sent by the browser on its own, so a
 * state-changing request must also prove it comes from our page: browsers always send Origin on POST (checked
 * against our own hosts by the caller) and Sec-Fetch-Site when they know it. Other local origins such as
 * 127.0.0.1:9000 are "same-site" for SameSite, which is why this check exists.
 */
export function hasDashboardSession(req: IncomingMessage, sessions: DashboardSessions, cookieName: string): boolean {
  if (!sessions.isValid(readCookie(req, cookieName))) return false;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers.origin === undefined) return false;
  return true;
}

export interface SessionRoutesOptions {
  sessions: DashboardSessions;
  adminToken: string;
  cookieName(): string;
  /** Refuses a request whose Host or Origin is not this gateway (throws FORBIDDEN). */
  checkOrigin(req: IncomingMessage): void;
  logger: Logger;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

function cookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

/**
 * `POST /admin/login` ({code} from the URL `serve` prints, or {token}: the admin token pasted in) sets the
 * HttpOnly, SameSite=Strict session cookie; `POST /admin/logout` ends it; `GET /admin/session` tells the page
 * whether it is logged in. Returns false for any other path.
 */
export function handleSessionRoute(req: IncomingMessage, res: ServerResponse, path: string, o: SessionRoutesOptions): boolean {
  if (path !== LOGIN_PATH && path !== LOGOUT_PATH && path !== SESSION_PATH && path !== LOGIN_CODE_PATH) return false;
  void (async () => {
    o.checkOrigin(req);
    const name = o.cookieName();
    if (path === LOGIN_CODE_PATH) {
      if (req.method !== 'POST') throw appError('METHOD_NOT_ALLOWED', 'use POST');
      const auth = req.headers.authorization;
      const presented = auth !== undefined && /^bearer /i.test(auth) ? auth.slice(7).trim() : '';
      // Only the owner of the data directory (who can read the admin token) gets a code; a cookie is not enough.
      if (!tokensMatch(presented, o.adminToken)) throw appError('UNAUTHORIZED', 'a login code needs the admin token (Authorization: Bearer …)');
      sendJson(res, 200, { result: { code: o.sessions.issueLoginCode() } });
      return;
    }
    if (path === SESSION_PATH) {
      if (req.method !== 'GET') throw appError('METHOD_NOT_ALLOWED', 'use GET');
      sendJson(res, 200, { result: { authenticated: hasDashboardSession(req, o.sessions, name) } });
      return;
    }
    if (req.method !== 'POST') throw appError('METHOD_NOT_ALLOWED', 'use POST');
    if (path === LOGOUT_PATH) {
      o.sessions.end(readCookie(req, name));
      sendJson(res, 200, { result: { authenticated: false } }, { 'set-cookie': cookie(name, '', 0) });
      return;
    }
    // JSON only: a cross-site HTML form cannot send it without a CORS preflight we never answer.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw appError('INVALID_INPUT', 'send JSON');
    const raw = await readBody(req, 4096);
    let parsed: z.infer<typeof LoginInputSchema>;
    try {
      parsed = LoginInputSchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      throw appError('INVALID_INPUT', 'send {"code": …} or {"token": …}');
    }
    let session: string | undefined;
    if ('code' in parsed) {
      session = o.sessions.redeemLoginCode(parsed.code);
      if (!session) throw appError('UNAUTHORIZED', 'this login link has expired or was already used; paste the admin token, or run `iron-cage dashboard` for a new link');
    } else {
      if (!tokensMatch(parsed.token.trim(), o.adminToken)) throw appError('UNAUTHORIZED', 'that is not the admin token of this gateway');
      session = o.sessions.startSession();
    }
    sendJson(res, 200, { result: { authenticated: true } }, { 'set-cookie': cookie(name, session, o.sessions.sessionTtlSeconds) });
  })().catch((e: unknown) => {
    const shape = toErrorShape(e);
    if (shape.code === 'INTERNAL') o.logger.error('dashboard login failed', { error: (e as Error)?.stack ?? String(e) });
    if (res.headersSent) res.end();
    else sendJson(res, shape.status, { error: shape });
  });
  return true;
}
