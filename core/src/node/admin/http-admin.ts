import type { IncomingMessage, ServerResponse } from 'node:http';
import { appError } from '../../domain/errors.ts';
import { dispatch, toErrorShape } from '../../contract/dispatch.ts';
import type { EventHub } from '../../contract/events.ts';
import type { Handlers } from '../../contract/handlers/types.ts';
import { OPERATIONS } from '../../contract/operations.ts';
import type { Logger } from '../../ports/logger.ts';
import { tokensMatch } from '../admin-token.ts';
import { readBody } from '../gateway/read-body.ts';
import { hasDashboardSession } from './session-http.ts';
import type { DashboardSessions } from './session-store.ts';

export const ADMIN_PREFIX = '/admin/api';
const MAX_ADMIN_BODY = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface AdminHttpOptions {
  handlers: Handlers;
  events: EventHub;
  /** The admin token from the data directory. */
  token: string;
  /** `host:port` values a request's Host (and Origin) may name: the gateway's own addresses only. */
  allowedHosts(): ReadonlySet<string>;
  logger: Logger;
  /** Who the audit trail names for changes made through this API. */
  actor: string;
  /** The web dashboard's sessions: a valid session cookie is accepted instead of the bearer token. */
  sessions?: { store: DashboardSessions; cookieName(): string };
  /** Prometheus metrics, served at GET /admin/api/metrics behind the same token. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: unknown, logger: Logger): void {
  const shape = toErrorShape(e);
  if (shape.code === 'INTERNAL') logger.error('admin operation failed', { error: (e as Error)?.stack ?? String(e) });
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, shape.status, { error: shape });
}

/**
 * The first line of defence against DNS rebinding and cross-site requests: a browser page on another origin
 * can reach 127.0.0.1, but it cannot make its requests name our host, nor hide its own Origin.
 */
export function checkOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): void {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowed.has(host)) throw appError('FORBIDDEN', 'the Host header does not name this gateway');
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string;
    try {
      const u = new URL(origin);
      originHost = u.protocol === 'http:' ? u.host.toLowerCase() : '';
    } catch {
      originHost = '';
    }
    if (!allowed.has(originHost)) throw appError('FORBIDDEN', 'requests from other origins are not accepted');
  }
}

function checkToken(req: IncomingMessage, token: string, sessions: AdminHttpOptions['sessions']): void {
  const auth = req.headers.authorization;
  const presented = auth !== undefined && /^bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
  if (presented === undefined && sessions && hasDashboardSession(req, sessions.store, sessions.cookieName())) return;
  if (presented === undefined) throw appError('UNAUTHORIZED', 'the admin API needs the admin token (Authorization: Bearer …)');
  if (!tokensMatch(presented, token)) throw appError('UNAUTHORIZED', 'the admin token is not valid');
}

/** Serves the admin contract over HTTP: `POST /admin/api/<operation>` and `GET /admin/api/events` (SSE). */
export function createAdminHttpHandler(o: AdminHttpOptions) {
  return (req: IncomingMessage, res: ServerResponse, path: string): void => {
    void (async () => {
      checkOrigin(req, o.allowedHosts());
      checkToken(req, o.token, o.sessions);
      const name = path.slice(ADMIN_PREFIX.length + 1);
      if (path === ADMIN_PREFIX || path === `${ADMIN_PREFIX}/`) {
        if (req.method !== 'GET') throw appError('METHOD_NOT_ALLOWED', 'use GET');
        sendJson(res, 200, { operations: Object.entries(OPERATIONS).map(([n, d]) => ({ name: n, summary: d.summary, mutates: d.mutates })) });
        return;
      }
      if (name === 'metrics' && o.metrics && req.method === 'GET') {
        const m = await o.metrics();
        res.writeHead(200, { 'content-type': m.contentType, 'cache-control': 'no-store' });
        res.end(m.body);
        return;
      }
      if (name === 'events') {
        if (req.method !== 'GET') throw appError('METHOD_NOT_ALLOWED', 'use GET');
        streamEvents(req, res, o.events);
        return;
      }
      if (req.method !== 'POST') throw appError('METHOD_NOT_ALLOWED', `use POST ${ADMIN_PREFIX}/<operation>`);
      const raw = await readBody(req, MAX_ADMIN_BODY);
      let input: unknown = {};
      if (raw.length > 0) {
        try {
          input = JSON.parse(raw.toString('utf8'));
        } catch {
          throw appError('INVALID_INPUT', 'the request body is not valid JSON');
        }
      }
      const result = await dispatch(o.handlers, name, input, { actor: o.actor });
      sendJson(res, 200, { result });
    })().catch((e: unknown) => sendError(res, e, o.logger));
  };
}

function streamEvents(req: IncomingMessage, res: ServerResponse, events: EventHub): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = events.subscribe((e) => {
    res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  res.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
