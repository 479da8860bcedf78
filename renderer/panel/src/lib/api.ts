import { appError, type ErrorCode } from '../../../../core/src/domain/errors.ts';
import { ADMIN_OPS, type AdminInput, type AdminOpName, type AdminOutput, type Role } from '../../../../core/src/panel/admin-ops.ts';

/**
 * The panel's admin API from the browser: one typed call per operation of ADMIN_OPS (method, path and roles are
 * declared there once). The session is an HttpOnly cookie the page never sees; changes carry the CSRF token that
 * GET /api/session returned.
 */
let csrfToken: string | null = null;

export function setCsrf(token: string | null): void {
  csrfToken = token;
}

export async function call<N extends AdminOpName>(name: N, input?: AdminInput<N>): Promise<AdminOutput<N>> {
  const spec = ADMIN_OPS[name];
  const post = spec.method === 'POST';
  const headers: Record<string, string> = post ? { 'content-type': 'application/json' } : {};
  if (post && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(spec.path, { method: spec.method, credentials: 'same-origin', headers, body: post ? JSON.stringify(input ?? {}) : undefined });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw appError((err?.code ?? 'INTERNAL') as ErrorCode, err?.message ?? `the panel answered ${res.status}`);
  }
  return body as AdminOutput<N>;
}

/** Whether a role may call an operation: the same table the server enforces, so no control is offered in vain. */
export function can(role: Role | undefined, name: AdminOpName): boolean {
  const roles = ADMIN_OPS[name].roles;
  return roles === 'public' || (role !== undefined && roles.includes(role));
}
