import { randomBytes } from 'node:crypto';
import { panelError } from '../../panel/errors.ts';
import { appError } from '../../domain/errors.ts';
import type { PanelContext } from './panel-context.ts';
import { hashPassword, verifyPassword } from './admin-service.ts';
import { newSecret, sha256Hex } from './secrets.ts';
import { appendAudit } from './store/audit-repo.ts';
import { userByEmail, userById, type UserRow } from './store/people-repo.ts';

export const SESSION_TTL_MS = 12 * 3_600_000;
/** Failed sign-ins allowed per e-mail (and per client address) in the window before further tries are refused. */
export const LOGIN_LIMIT = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/** A dummy hash, so a sign-in for an unknown e-mail costs the same time as a wrong password. */
let dummyHash: Promise<string> | null = null;

export interface Principal {
  user: UserRow;
  kind: 'session' | 'api';
  csrf: string | null;
  tokenHash: string;
}

/** A client address shared by several people (an office NAT) gets more room than one e-mail does. */
export const ADDRESS_LIMIT = 4 * LOGIN_LIMIT;

async function tooManyFailures(ctx: PanelContext, keys: string[]): Promise<boolean> {
  const since = ctx.clock.now() - LOGIN_WINDOW_MS;
  for (const key of keys) {
    const r = await ctx.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM login_attempts WHERE key = ? AND at > ?', [key, since]);
    if (Number(r?.n ?? 0) >= (key.startsWith('addr:') ? ADDRESS_LIMIT : LOGIN_LIMIT)) return true;
  }
  return false;
}

/** Signs a user in: argon2id check, rate limited per e-mail and per client address; returns the session secret. */
export async function login(ctx: PanelContext, email: string, password: string, clientKey: string): Promise<{ token: string; csrf: string; user: UserRow }> {
  const keys = [`email:${email.toLowerCase()}`, `addr:${clientKey}`];
  if (await tooManyFailures(ctx, keys)) throw panelError('RATE_LIMITED', 'bad_signature', 'too many failed sign-ins: wait a few minutes');
  const user = await userByEmail(ctx.db, email);
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  const now = ctx.clock.now();
  if (!user || !ok || user.disabled_at !== null) {
    await ctx.db.tx(async (ex) => {
      for (const key of keys) await ex.run('INSERT INTO login_attempts (key, at) VALUES (?, ?)', [key, now]);
      await ex.run('DELETE FROM login_attempts WHERE at < ?', [now - LOGIN_WINDOW_MS]);
    });
    throw appError('UNAUTHORIZED', 'wrong e-mail or password');
  }
  const token = newSecret('ics');
  const csrf = randomBytes(24).toString('base64url');
  await ctx.db.tx(async (ex) => {
    await ex.run("INSERT INTO sessions (token_hash, user_id, kind, csrf, name, created_at, expires_at, revoked_at) VALUES (?, ?, 'session', ?, NULL, ?, ?, NULL)", [sha256Hex(token), user.id, csrf, now, now + SESSION_TTL_MS]);
    await ex.run("DELETE FROM login_attempts WHERE key = ?", [keys[0] ?? '']);
    await appendAudit(ex, now, { actor: `user:${user.email}`, action: 'session.login', target: user.email });
  });
  return { token, csrf, user };
}

/** An API token for scripts: a bearer secret shown once, stored as a hash, no expiry until revoked. */
export async function createApiToken(ctx: PanelContext, user: UserRow, name: string): Promise<string> {
  const token = newSecret('icp');
  const now = ctx.clock.now();
  await ctx.db.tx(async (ex) => {
    await ex.run("INSERT INTO sessions (token_hash, user_id, kind, csrf, name, created_at, expires_at, revoked_at) VALUES (?, ?, 'api', NULL, ?, ?, NULL, NULL)", [sha256Hex(token), user.id, name, now]);
    await appendAudit(ex, now, { actor: `user:${user.email}`, action: 'token.created', target: name });
  });
  return token;
}

/** Resolves a session cookie or bearer token to its user, or null. */
export async function principalFor(ctx: PanelContext, secret: string | undefined, kind: 'session' | 'api'): Promise<Principal | null> {
  if (!secret) return null;
  const tokenHash = sha256Hex(secret);
  const row = await ctx.db.get<{ user_id: string; csrf: string | null; expires_at: number | null; revoked_at: number | null; kind: string }>('SELECT user_id, csrf, expires_at, revoked_at, kind FROM sessions WHERE token_hash = ?', [tokenHash]);
  if (!row || row.kind !== kind || row.revoked_at !== null || (row.expires_at !== null && Number(row.expires_at) <= ctx.clock.now())) return null;
  const user = await userById(ctx.db, row.user_id);
  if (!user || user.disabled_at !== null) return null;
  return { user, kind, csrf: row.csrf, tokenHash };
}

export async function logout(ctx: PanelContext, p: Principal): Promise<void> {
  await ctx.db.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?', [ctx.clock.now(), p.tokenHash]);
}
