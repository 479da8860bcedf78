import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import { isAppError, missingCase, type ErrorCode } from '../../domain/errors.ts';
import type { ApiFamily } from '../../domain/usage.ts';
import { matchRoute } from '../../gateway/routes.ts';
import { formatWireError } from '../../gateway/wire-errors.ts';
import { admitCall } from './admit-call.ts';
import type { GatewayContext } from './context.ts';
import { forwardCall } from './forward-call.ts';
import { listModels } from './models.ts';
import { ADMIN_PREFIX } from '../admin/http-admin.ts';
import { storageError } from '../db/storage-errors.ts';

/** The gateway's request listener: routes, and the one place where errors become responses. */
export function createGatewayHandler(
  ctx: GatewayContext,
  version: string,
  admin?: (req: IncomingMessage, res: ServerResponse, path: string) => void,
  /** The web dashboard (static files at `/`, login under `/admin`); returns false for requests that are not its. */
  dashboard?: (req: IncomingMessage, res: ServerResponse) => boolean,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    if (admin && url.startsWith(ADMIN_PREFIX) && (url.length === ADMIN_PREFIX.length || '/?'.includes(url[ADMIN_PREFIX.length]!))) {
      const q = url.indexOf('?');
      admin(req, res, q === -1 ? url : url.slice(0, q));
      return;
    }
    if (dashboard?.(req, res)) return;
    const route = matchRoute(req.method ?? 'GET', url);
    const family: ApiFamily =
      route.type === 'call' ? route.route.family : req.headers['anthropic-version'] ? 'anthropic' : 'openai';
    const fail = (e: unknown): void => sendError(ctx, res, family, e);
    switch (route.type) {
      case 'call':
        admitCall(ctx, req, route.route)
          .then((admitted) => forwardCall(ctx, req, res, route.route, admitted))
          .catch(fail);
        return;
      case 'models':
        listModels(ctx, req, res, family).catch(fail);
        return;
      case 'health':
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ status: 'ok', version }));
        return;
      case 'not-found':
        send(res, family, 404, 'NOT_FOUND', `no such route: ${req.method} ${(req.url ?? '').split('?')[0]}${route.hint}`);
        return;
      case 'method-not-allowed':
        res.setHeader('allow', route.allow);
        send(res, family, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${route.allow}`);
        return;
      default:
        missingCase(route);
    }
  };
}

function send(res: ServerResponse, family: ApiFamily, status: number, code: ErrorCode, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const wire = formatWireError(family, status, code, message);
  res.writeHead(wire.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(wire.body),
    // Budget, auth and policy refusals do not get better by retrying; both SDKs honour this header.
    'x-should-retry': status >= 500 ? 'true' : 'false',
    ...(status === 413 ? { connection: 'close' } : {}),
  });
  res.end(wire.body);
}

function sendError(ctx: GatewayContext, res: ServerResponse, family: ApiFamily, e: unknown): void {
  if (isAppError(e)) {
    send(res, family, e.status, e.code, e.message);
  } else if (e instanceof ZodError) {
    send(res, family, 400, 'INVALID_REQUEST', e.issues.map((i) => i.message).join('; '));
  } else if (storageError(e)) {
    const s = storageError(e)!;
    ctx.logger.error('storage failure', { error: (e as Error).message });
    send(res, family, s.status, s.code, s.message);
  } else {
    // No stack or internal detail crosses the boundary; it goes to the log.
    ctx.logger.error('unexpected gateway error', { error: (e as Error)?.stack ?? String(e) });
    send(res, family, 500, 'INTERNAL', 'the gateway failed to handle this request; see its log');
  }
}
