import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_OPS, type AdminOpName, type Role } from '../../core/src/panel/admin-ops.ts';
import { addUser } from '../../core/src/node/panel/admin-service.ts';
import { verifyAudit } from '../../core/src/node/panel/store/audit-repo.ts';
import { CLI, startFixture, type PanelFixture } from './panel-fixture.ts';

const PASSWORD = 'correct horse battery';
let fx: PanelFixture;
const sessions = new Map<Role, { cookie: string; csrf: string }>();

async function signIn(email: string, password = PASSWORD): Promise<Response> {
  return fetch(`${fx.panel.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
}

beforeAll(async () => {
  fx = await startFixture();
  await addUser(fx.panel.ctx, CLI, { email: 'admin@example.com', role: 'admin', password: PASSWORD });
  await addUser(fx.panel.ctx, CLI, { email: 'lead@example.com', role: 'lead', team: 'core', password: PASSWORD });
  await addUser(fx.panel.ctx, CLI, { email: 'viewer@example.com', role: 'viewer', team: 'core', password: PASSWORD });
  for (const [role, email] of [['admin', 'admin@example.com'], ['lead', 'lead@example.com'], ['member', 'dev@example.com'], ['viewer', 'viewer@example.com']] as const) {
    const res = await signIn(email);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const body = (await res.json()) as { csrfToken: string };
    sessions.set(role, { cookie: cookie.split(';')[0] ?? '', csrf: body.csrfToken });
  }
});
afterAll(async () => {
  await fx.close();
});

let n = 0;
/** A valid input for every operation, so that what decides the answer is the caller's role. */
function sample(op: AdminOpName): unknown {
  n++;
  const samples: Partial<Record<AdminOpName, unknown>> = {
    'tokens.create': { name: `t${n}` },
    'users.add': { email: `u${n}@example.com`, role: 'member', password: PASSWORD },
    'teams.create': { name: `team${n}` },
    'providers.add': { name: `p${n}`, type: 'openai', key: 'sk-another-key-123456' },
    'agents.create': { name: `agent${n}`, owner: 'dev@example.com', budgetMicros: 1_000_000 },
    'agents.suspend': { name: 'bot' },
    'agents.resume': { name: 'bot' },
    'agents.budget': { name: 'bot', budgetMicros: 20_000_000 },
    'agents.rotateToken': { name: 'bot' },
    'devices.revoke': { id: 'dev_missing' },
    'enrolCodes.create': { user: 'dev@example.com' },
    'leases.revoke': { id: 'lease_missing' },
    'budgetRequests.create': { agent: 'bot', amountMicros: 1_000_000, reason: 'more tests' },
    'budgetRequests.decide': { id: 'breq_missing', approve: true },
  };
  return samples[op] ?? {};
}

async function callOp(op: AdminOpName, who: Role | null): Promise<number> {
  const spec = ADMIN_OPS[op];
  const s = who ? sessions.get(who) : undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (s) {
    headers.cookie = s.cookie;
    headers['x-csrf-token'] = s.csrf;
  }
  const res = await fetch(`${fx.panel.url}${spec.path}`, { method: spec.method, headers, body: spec.method === 'POST' ? JSON.stringify(sample(op)) : undefined });
  await res.arrayBuffer();
  return res.status;
}

describe('admin API authorisation', () => {
  it('walks every operation with every role and with no session', async () => {
    const ops = (Object.keys(ADMIN_OPS) as AdminOpName[]).filter((o) => ADMIN_OPS[o].roles !== 'public' && o !== 'session.logout');
    const roles: Role[] = ['admin', 'lead', 'member', 'viewer'];
    const table: string[] = [];
    for (const op of ops) {
      const allowed = ADMIN_OPS[op].roles as Role[];
      expect(await callOp(op, null), `${op} without a session`).toBe(401);
      for (const role of roles) {
        const status = await callOp(op, role);
        table.push(`${op} ${role} ${status}`);
        if (allowed.includes(role)) expect([401, 403], `${op} as ${role} → ${status}`).not.toContain(status);
        else expect(status, `${op} as ${role}`).toBe(403);
      }
    }
    expect(table.length).toBe(ops.length * 4);
    // Logout is allowed for every role; each then has no session.
    for (const role of roles) {
      expect(await callOp('session.logout', role)).toBe(200);
      expect(await callOp('session.me', role)).toBe(401);
    }
    expect((await verifyAudit(fx.panel.ctx.db)).ok).toBe(true);
  });

  it('refuses a cookie change without the CSRF header; accepts an API token without one', async () => {
    const res = await signIn('admin@example.com');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const noCsrf = await fetch(`${fx.panel.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'ci' }) });
    expect(noCsrf.status).toBe(403);
    const ok = await fetch(`${fx.panel.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'ci' }) });
    const { token } = (await ok.json()) as { token: string };
    const list = await fetch(`${fx.panel.url}/api/agents`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    const providers = await (await fetch(`${fx.panel.url}/api/providers`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(providers).not.toContain('sk-panel-test');
  });

  it('lets a member see only their own agents and a lead approve a budget request', async () => {
    const member = await signIn('dev@example.com');
    const m = { cookie: (member.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: ((await member.json()) as { csrfToken: string }).csrfToken };
    const agents = (await (await fetch(`${fx.panel.url}/api/agents`, { headers: { cookie: m.cookie } })).json()) as { owner: string }[];
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.every((a) => a.owner === 'dev@example.com')).toBe(true);
    const asked = await fetch(`${fx.panel.url}/api/budget-requests`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: m.cookie, 'x-csrf-token': m.csrf }, body: JSON.stringify({ agent: 'bot', amountMicros: 5_000_000, reason: 'release week' }) });
    const request = (await asked.json()) as { id: string };
    const lead = await signIn('lead@example.com');
    const l = { cookie: (lead.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: ((await lead.json()) as { csrfToken: string }).csrfToken };
    const before = (await (await fetch(`${fx.panel.url}/api/agents`, { headers: { cookie: l.cookie } })).json()) as { name: string; budgetMicros: number }[];
    const decided = await fetch(`${fx.panel.url}/api/budget-requests/decide`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: l.cookie, 'x-csrf-token': l.csrf }, body: JSON.stringify({ id: request.id, approve: true }) });
    expect(((await decided.json()) as { state: string }).state).toBe('approved');
    const after = (await (await fetch(`${fx.panel.url}/api/agents`, { headers: { cookie: l.cookie } })).json()) as { name: string; budgetMicros: number }[];
    expect(after.find((a) => a.name === 'bot')!.budgetMicros - before.find((a) => a.name === 'bot')!.budgetMicros).toBe(5_000_000);
    const audit = await fx.panel.ctx.db.all<{ action: string }>("SELECT action FROM panel_audit WHERE action LIKE 'budget.%'");
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['budget.requested', 'budget.approved']));
  });

  it('rate-limits failed sign-ins', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('viewer@example.com', 'wrong password!!')).status).toBe(401);
    expect((await signIn('viewer@example.com')).status).toBe(429);
  });
});
