import { appError } from '../../domain/errors.ts';
import type { AdminInput, AdminOpName, AdminOutput } from '../../panel/admin-ops.ts';
import * as admin from './admin-service.ts';
import { seesAgent, managesAgent, seesUser } from './admin-scope.ts';
import { createApiToken, logout, type Principal } from './auth-service.ts';
import { decideBudgetRequest, listBudgetRequests, requestBudget } from './budget-requests.ts';
import { issueEnrolCode, revokeDevice } from './device-auth.ts';
import { readEndpoint } from './endpoint-file.ts';
import { revokeLease } from './lease-events.ts';
import type { Actor, PanelContext } from './panel-context.ts';
import { deviceViews, leaseViews, usageViews } from './queries.ts';
import { listAudit, verifyAudit } from './store/audit-repo.ts';
import { deviceById } from './store/device-repo.ts';
import { leaseById } from './store/ledger-repo.ts';
import * as people from './store/people-repo.ts';

type Handler<N extends AdminOpName> = (ctx: PanelContext, p: Principal, input: AdminInput<N>) => Promise<AdminOutput<N>>;
type Handlers = { [N in Exclude<AdminOpName, 'session.login'>]: Handler<N> };

const actor = (p: Principal): Actor => ({ kind: 'user', id: p.user.id, email: p.user.email });

async function userView(ctx: PanelContext, u: people.UserRow): Promise<AdminOutput<'users.list'>[number]> {
  const team = u.team_id ? await people.teamById(ctx.db, u.team_id) : undefined;
  return { id: u.id, email: u.email, role: u.role, team: team?.name ?? null, createdAt: Number(u.created_at) };
}

async function managedAgent(ctx: PanelContext, p: Principal, name: string): Promise<people.AgentRow> {
  const a = await people.agentByName(ctx.db, name);
  // An agent outside the caller's reach is reported as absent, not as forbidden: names are not disclosed.
  if (!a || !managesAgent(p.user, a)) throw appError('NOT_FOUND', `no agent named ${name}`);
  return a;
}

async function visibleAgentIds(ctx: PanelContext, p: Principal): Promise<Set<string>> {
  return new Set((await people.listAgents(ctx.db)).filter((a) => seesAgent(p.user, a)).map((a) => a.id));
}

/** The admin operations' handlers; the HTTP layer has already authenticated and checked the role table. */
export const ADMIN_HANDLERS: Handlers = {
  'session.logout': async (ctx, p) => {
    await logout(ctx, p);
    return { ok: true };
  },
  'session.me': async (ctx, p) => ({ user: await userView(ctx, p.user), csrfToken: p.csrf }),
  'tokens.create': async (ctx, p, i) => ({ token: await createApiToken(ctx, p.user, i.name) }),
  'users.list': async (ctx, p) => Promise.all((await people.listUsers(ctx.db)).filter((u) => seesUser(p.user, u)).map((u) => userView(ctx, u))),
  'users.add': async (ctx, p, i) => admin.addUser(ctx, actor(p), i),
  'teams.list': async (ctx, p) => (await people.listTeams(ctx.db)).filter((t) => p.user.role === 'admin' || p.user.team_id === null || t.id === p.user.team_id).map(admin.teamView),
  'teams.create': async (ctx, p, i) => admin.createTeam(ctx, actor(p), i),
  'providers.list': async (ctx) => (await people.listProviders(ctx.db)).map(admin.providerView),
  'providers.add': async (ctx, p, i) => admin.addProvider(ctx, actor(p), i),
  'agents.list': async (ctx, p) => {
    const ids = await visibleAgentIds(ctx, p);
    return (await admin.listAgentViews(ctx)).filter((a) => ids.has(a.id));
  },
  'agents.create': async (ctx, p, i) => {
    if (p.user.role === 'lead') {
      const team = p.user.team_id ? await people.teamById(ctx.db, p.user.team_id) : undefined;
      if (!team || (i.team !== undefined && i.team !== team.name)) throw appError('FORBIDDEN', 'a lead creates agents in their own team');
      return admin.createAgent(ctx, actor(p), { ...i, team: team.name });
    }
    return admin.createAgent(ctx, actor(p), i);
  },
  'agents.suspend': async (ctx, p, i) => admin.setAgentStatus(ctx, actor(p), (await managedAgent(ctx, p, i.name)).name, 'suspended'),
  'agents.resume': async (ctx, p, i) => admin.setAgentStatus(ctx, actor(p), (await managedAgent(ctx, p, i.name)).name, 'active'),
  'agents.budget': async (ctx, p, i) => admin.setAgentBudget(ctx, actor(p), (await managedAgent(ctx, p, i.name)).name, i.budgetMicros, i.period),
  'agents.rotateToken': async (ctx, p, i) => admin.rotateAgentToken(ctx, actor(p), (await managedAgent(ctx, p, i.name)).name),
  'devices.list': async (ctx, p) => {
    const users = await people.listUsers(ctx.db);
    const visible = new Set(users.filter((u) => seesUser(p.user, u)).map((u) => u.email));
    return (await deviceViews(ctx)).filter((d) => visible.has(d.user));
  },
  'devices.revoke': async (ctx, p, i) => {
    const d = await deviceById(ctx.db, i.id);
    const owner = d ? await people.userById(ctx.db, d.user_id) : undefined;
    const allowed = owner && (p.user.role === 'admin' || owner.id === p.user.id || (p.user.role === 'lead' && owner.team_id !== null && owner.team_id === p.user.team_id));
    if (!d || !allowed) throw appError('NOT_FOUND', `no device ${i.id}`);
    return revokeDevice(ctx, actor(p), i.id);
  },
  'enrolCodes.create': async (ctx, p, i) => {
    const u = await people.userByEmail(ctx.db, i.user);
    if (!u || (p.user.role === 'lead' && u.team_id !== p.user.team_id)) throw appError('NOT_FOUND', `no user ${i.user} in your team`);
    return issueEnrolCode(ctx, actor(p), { user: i.user, ttlMin: i.ttlMin, fingerprint: readEndpoint(ctx.dataDir)?.fingerprint ?? null });
  },
  'leases.list': async (ctx, p) => {
    const ids = await visibleAgentIds(ctx, p);
    const byName = new Map((await people.listAgents(ctx.db)).map((a) => [a.name, a.id]));
    return (await leaseViews(ctx, { open: true })).filter((l) => ids.has(byName.get(l.agent) ?? ''));
  },
  'leases.revoke': async (ctx, p, i) => {
    const l = await leaseById(ctx.db, i.id);
    const a = l ? await people.agentById(ctx.db, l.agentId) : undefined;
    if (!l || !a || !managesAgent(p.user, a)) throw appError('NOT_FOUND', `no lease ${i.id}`);
    return { ok: await revokeLease(ctx, actor(p), i.id) };
  },
  'usage.list': async (ctx, p) => {
    const ids = await visibleAgentIds(ctx, p);
    const names = new Set((await people.listAgents(ctx.db)).filter((a) => ids.has(a.id)).map((a) => a.name));
    const all = await usageViews(ctx, {});
    const records = all.records.filter((r) => names.has(r.agent));
    return { records, totalMicros: records.reduce((s, r) => s + r.costMicros, 0) };
  },
  'budgetRequests.list': async (ctx, p) => {
    const ids = await visibleAgentIds(ctx, p);
    return listBudgetRequests(ctx, (id) => Promise.resolve(ids.has(id)));
  },
  'budgetRequests.create': async (ctx, p, i) => requestBudget(ctx, p.user, i, (owner, team) => p.user.role === 'admin' || owner === p.user.id || (p.user.role === 'lead' && team === p.user.team_id)),
  'budgetRequests.decide': async (ctx, p, i) => decideBudgetRequest(ctx, p.user, i.id, i.approve, (team) => p.user.role === 'admin' || (team !== null && team === p.user.team_id)),
  'audit.list': async (ctx) =>
    (await listAudit(ctx.db, 10_000)).map((r) => ({ seq: Number(r.seq), at: Number(r.at), actor: r.actor, action: r.action, target: r.target, details: r.details, prevHash: r.prev_hash, hash: r.hash })),
  'audit.verify': async (ctx) => {
    const { lastHash: _h, anchor: _a, ...check } = await verifyAudit(ctx.db);
    return check;
  },
};
