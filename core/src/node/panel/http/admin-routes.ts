import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { appError } from '../../../domain/errors.ts';
import { ADMIN_OPS, type AdminOpName } from '../../../panel/admin-ops.ts';
import { ADMIN_HANDLERS } from '../admin-handlers.ts';
import { login, principalFor, SESSION_TTL_MS, type Principal } from '../auth-service.ts';
import type { PanelContext } from '../panel-context.ts';
import { teamById } from '../store/people-repo.ts';

export const SESSION_COOKIE = 'ic_panel_session';
export const CSRF_HEADER = 'x-csrf-token';

const isHttps = (c: Context): boolean => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/** Who is calling: a bearer API token, else the session cookie. */
async function principal(ctx: PanelContext, c: Context): Promise<Principal | null> {
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) return principalFor(ctx, auth.slice(7).trim(), 'api');
  return principalFor(ctx, getCookie(c, SESSION_COOKIE), 'session');
}

/**
 * The admin API: every operation of ADMIN_OPS served by one route each, behind ONE check: authenticated (cookie
 * session or API token), role in the operation's list, and for cookie sessions a CSRF header on every change
 * (SameSite=Strict is the first line; the header is the second).
 */
export function adminRoutes(ctx: PanelContext): Hono {
  const app = new Hono();

  app.get('/api', (c) => c.json(Object.entries(ADMIN_OPS).map(([name, o]) => ({ name, method: o.method, path: o.path, roles: o.roles, summary: o.summary }))));

  app.post(ADMIN_OPS['session.login'].path, async (c) => {
    const input = ADMIN_OPS['session.login'].input.parse(await c.req.json().catch(() => null));
    const addr = getConnInfo(c).remote.address ?? 'unknown';
    const { token, csrf, user } = await login(ctx, input.email, input.password, addr);
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/', maxAge: SESSION_TTL_MS / 1000 });
    const team = user.team_id ? await teamById(ctx.db, user.team_id) : undefined;
    return c.json({ user: { id: user.id, email: user.email, role: user.role, team: team?.name ?? null, createdAt: Number(user.created_at) }, csrfToken: csrf });
  });

  for (const [name, spec] of Object.entries(ADMIN_OPS) as [AdminOpName, (typeof ADMIN_OPS)[AdminOpName]][]) {
    if (spec.roles === 'public') continue;
    const roles = spec.roles;
    const handler = ADMIN_HANDLERS[name as Exclude<AdminOpName, 'session.login'>] as (ctx: PanelContext, p: Principal, input: unknown) => Promise<unknown>;
    const route = async (c: Context): Promise<Response> => {
      const p = await principal(ctx, c);
      if (!p) throw appError('UNAUTHORIZED', 'sign in first (session cookie or Bearer API token)');
      if (!roles.includes(p.user.role)) throw appError('FORBIDDEN', `a ${p.user.role} may not ${spec.summary}`);
      if (spec.method === 'POST' && p.kind === 'session' && (!p.csrf || c.req.header(CSRF_HEADER) !== p.csrf)) {
        throw appError('FORBIDDEN', `changes from a browser session need the ${CSRF_HEADER} header from GET /api/session`);
      }
      const raw: unknown = spec.method === 'GET' ? {} : await c.req.json().catch(() => null);
      const output = await handler(ctx, p, spec.input.parse(raw));
      if (name === 'session.logout') deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json(spec.output.parse(output) as object);
    };
    if (spec.method === 'GET') app.get(spec.path, route);
    else app.post(spec.path, route);
  }
  return app;
}
