import { appError } from '../../domain/errors.ts';
import { nodeTokenMinter } from '../token-minter.ts';
import { actorName, type Actor, type PanelContext } from './panel-context.ts';
import { pushToAgentDevices, revokeLeasesWhere } from './lease-events.ts';
import { newId } from './secrets.ts';
import { appendAudit } from './store/audit-repo.ts';
import * as people from './store/people-repo.ts';
import type { AgentRow, Role, TeamRow, UserRow } from './store/people-repo.ts';

/**
 * argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's baseline). The native module loads on first
 * use, so CLI commands that never touch a password do not pay for it.
 */
export async function hashPassword(password: string): Promise<string> {
  const { hash } = await import('@node-rs/argon2');
  return hash(password);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  const { verify } = await import('@node-rs/argon2');
  return verify(hashed, password).catch(() => false);
}

export const PROVIDER_TYPES = ['openai', 'anthropic', 'openai-compatible'] as const;

export interface UserView {
  id: string;
  email: string;
  role: Role;
  team: string | null;
  createdAt: number;
}

export async function addUser(ctx: PanelContext, actor: Actor, input: { email: string; role: Role; team?: string; password: string }): Promise<UserView> {
  if (input.password.length < 12) throw appError('INVALID_INPUT', 'a password needs at least 12 characters');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.tx(async (ex) => {
    if (await people.userByEmail(ex, input.email)) throw appError('CONFLICT', `a user ${input.email} already exists`);
    const team = input.team ? await people.teamByName(ex, input.team) : undefined;
    if (input.team && !team) throw appError('NOT_FOUND', `no team named ${input.team}`);
    const now = ctx.clock.now();
    const u: UserRow = { id: newId('usr'), email: input.email.toLowerCase(), role: input.role, team_id: team?.id ?? null, password_hash: passwordHash, created_at: now, disabled_at: null };
    await people.insertUser(ex, u);
    await appendAudit(ex, now, { actor: actorName(actor), action: 'user.added', target: u.email, details: { role: u.role, team: input.team ?? null } });
    return { id: u.id, email: u.email, role: u.role, team: input.team ?? null, createdAt: now };
  });
}

export interface TeamView {
  id: string;
  name: string;
  budgetMicros: number | null;
  period: string;
  committedMicros: number;
  reservedMicros: number;
}

export const teamView = (t: TeamRow): TeamView => ({
  id: t.id,
  name: t.name,
  budgetMicros: t.limit_micros === null ? null : Number(t.limit_micros),
  period: t.period,
  committedMicros: Number(t.committed_micros),
  reservedMicros: Number(t.reserved_micros),
});

export async function createTeam(ctx: PanelContext, actor: Actor, input: { name: string; lead?: string; budgetMicros?: number; period?: string }): Promise<TeamView> {
  return ctx.db.tx(async (ex) => {
    if (await people.teamByName(ex, input.name)) throw appError('CONFLICT', `a team named ${input.name} already exists`);
    const lead = input.lead ? await people.userByEmail(ex, input.lead) : undefined;
    if (input.lead && !lead) throw appError('NOT_FOUND', `no user ${input.lead}`);
    const now = ctx.clock.now();
    const id = newId('team');
    await people.insertTeam(ex, { id, name: input.name, limit_micros: input.budgetMicros ?? null, period: input.period ?? 'monthly', created_at: now });
    if (lead) await ex.run("UPDATE users SET team_id = ?, role = CASE WHEN role = 'admin' THEN role ELSE 'lead' END WHERE id = ?", [id, lead.id]);
    await appendAudit(ex, now, { actor: actorName(actor), action: 'team.created', target: input.name, details: { lead: input.lead ?? null, budgetMicros: input.budgetMicros ?? null } });
    const t = await people.teamById(ex, id);
    if (!t) throw appError('INTERNAL', 'team vanished');
    return teamView(t);
  });
}

export interface ProviderView {
  id: string;
  name: string;
  type: string;
  baseUrl: string | null;
  hasKey: true;
  last4: string;
}

export const providerView = (p: people.ProviderRow): ProviderView => ({ id: p.id, name: p.name, type: p.type, baseUrl: p.base_url, hasKey: true, last4: p.key_last4 });

export async function addProvider(ctx: PanelContext, actor: Actor, input: { name: string; type: string; baseUrl?: string; key: string }): Promise<ProviderView> {
  if (!(PROVIDER_TYPES as readonly string[]).includes(input.type)) throw appError('INVALID_INPUT', `--type must be one of ${PROVIDER_TYPES.join(', ')}`);
  const key = input.key.trim();
  if (key.length < 8) throw appError('INVALID_INPUT', 'the provider key is empty or too short');
  if (input.baseUrl && !/^https?:\/\//.test(input.baseUrl)) throw appError('INVALID_INPUT', '--base-url must be an http(s) URL');
  return ctx.db.tx(async (ex) => {
    if (await people.providerByName(ex, input.name)) throw appError('CONFLICT', `a provider named ${input.name} already exists`);
    const now = ctx.clock.now();
    const row: people.ProviderRow = { id: newId('prov'), name: input.name, type: input.type, base_url: input.baseUrl ?? null, key_ciphertext: ctx.keys.encrypt(key), key_last4: key.slice(-4), created_at: now };
    await people.insertProvider(ex, row);
    await appendAudit(ex, now, { actor: actorName(actor), action: 'provider.added', target: input.name, details: { type: input.type, baseUrl: input.baseUrl ?? null } });
    return providerView(row);
  });
}

export interface AgentView {
  id: string;
  name: string;
  owner: string;
  team: string | null;
  status: 'active' | 'suspended';
  period: string;
  budgetMicros: number;
  committedMicros: number;
  reservedMicros: number;
  availableMicros: number;
  allowedModels: string[] | null;
  providers: string[];
  keyMode: 'sealed' | 'relay';
  tokenPrefix: string;
}

export async function agentView(ex: Parameters<typeof people.userById>[0], a: AgentRow): Promise<AgentView> {
  const owner = await people.userById(ex, a.owner_id);
  const team = a.team_id ? await people.teamById(ex, a.team_id) : undefined;
  const limit = Number(a.limit_micros);
  const committed = Number(a.committed_micros);
  const reserved = Number(a.reserved_micros);
  return {
    id: a.id,
    name: a.name,
    owner: owner?.email ?? a.owner_id,
    team: team?.name ?? null,
    status: a.status,
    period: a.period,
    budgetMicros: limit,
    committedMicros: committed,
    reservedMicros: reserved,
    availableMicros: Math.max(0, limit - committed - reserved),
    allowedModels: a.allowed_models ? (JSON.parse(a.allowed_models) as string[]) : null,
    providers: JSON.parse(a.providers) as string[],
    keyMode: a.key_mode,
    tokenPrefix: a.token_prefix,
  };
}

export interface CreateAgentInput {
  name: string;
  owner: string;
  budgetMicros: number;
  period?: string;
  team?: string;
  providers?: string[];
  models?: string[];
  keyMode?: 'sealed' | 'relay';
}

/** Creates an agent and its IC token; the token is returned this once and only its hash is kept. */
export async function createAgent(ctx: PanelContext, actor: Actor, input: CreateAgentInput): Promise<{ agent: AgentView; token: string }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(input.name)) throw appError('INVALID_INPUT', 'an agent name is 1–64 letters, digits, dots, dashes or underscores');
  return ctx.db.tx(async (ex) => {
    if (await people.agentByName(ex, input.name)) throw appError('CONFLICT', `an agent named ${input.name} already exists`);
    const owner = await people.userByEmail(ex, input.owner);
    if (!owner) throw appError('NOT_FOUND', `no user ${input.owner}`);
    const team = input.team ? await people.teamByName(ex, input.team) : owner.team_id ? await people.teamById(ex, owner.team_id) : undefined;
    if (input.team && !team) throw appError('NOT_FOUND', `no team named ${input.team}`);
    for (const p of input.providers ?? []) if (!(await people.providerByName(ex, p))) throw appError('NOT_FOUND', `no provider named ${p}`);
    const minted = nodeTokenMinter.mint();
    const now = ctx.clock.now();
    const row = {
      id: newId('agt'),
      name: input.name,
      owner_id: owner.id,
      team_id: team?.id ?? null,
      status: 'active' as const,
      period: input.period ?? 'monthly',
      limit_micros: input.budgetMicros,
      allowed_models: input.models ? JSON.stringify(input.models) : null,
      providers: JSON.stringify(input.providers ?? []),
      key_mode: input.keyMode ?? 'sealed',
      token_hash: minted.hash,
      token_prefix: minted.prefix,
      created_at: now,
    };
    await people.insertAgent(ex, row);
    await appendAudit(ex, now, { actor: actorName(actor), action: 'agent.created', target: input.name, details: { owner: owner.email, budgetMicros: input.budgetMicros, keyMode: row.key_mode } });
    const stored = await people.agentById(ex, row.id);
    if (!stored) throw appError('INTERNAL', 'agent vanished');
    return { agent: await agentView(ex, stored), token: minted.token };
  });
}

export async function listAgentViews(ctx: PanelContext): Promise<AgentView[]> {
  const rows = await people.listAgents(ctx.db);
  return Promise.all(rows.map((a) => agentView(ctx.db, a)));
}

async function mustAgent(ex: Parameters<typeof people.agentByName>[0], name: string): Promise<AgentRow> {
  const a = await people.agentByName(ex, name);
  if (!a) throw appError('NOT_FOUND', `no agent named ${name}`);
  return a;
}

/** Suspending stops the agent everywhere at once: its leases are revoked and its devices told. */
export async function setAgentStatus(ctx: PanelContext, actor: Actor, name: string, status: 'active' | 'suspended'): Promise<AgentView> {
  return ctx.db.tx(async (ex) => {
    const a = await mustAgent(ex, name);
    const now = ctx.clock.now();
    await ex.run('UPDATE agents SET status = ? WHERE id = ?', [status, a.id]);
    await appendAudit(ex, now, { actor: actorName(actor), action: status === 'suspended' ? 'agent.suspended' : 'agent.resumed', target: name });
    if (status === 'suspended') {
      await pushToAgentDevices(ex, a.owner_id, 'agent.stopped', { agentId: a.id, agent: name }, now);
      await revokeLeasesWhere(ctx, ex, (l) => l.agentId === a.id, actor, 'agent suspended');
    } else {
      await pushToAgentDevices(ex, a.owner_id, 'budget.changed', { agentId: a.id, agent: name }, now);
    }
    return agentView(ex, { ...a, status });
  });
}

export async function setAgentBudget(ctx: PanelContext, actor: Actor, name: string, budgetMicros: number, period?: string): Promise<AgentView> {
  return ctx.db.tx(async (ex) => {
    const a = await mustAgent(ex, name);
    const now = ctx.clock.now();
    await ex.run('UPDATE agents SET limit_micros = ?, period = ? WHERE id = ?', [budgetMicros, period ?? a.period, a.id]);
    await appendAudit(ex, now, { actor: actorName(actor), action: 'agent.budget', target: name, details: { budgetMicros, period: period ?? a.period } });
    await pushToAgentDevices(ex, a.owner_id, 'budget.changed', { agentId: a.id, agent: name, budgetMicros }, now);
    const stored = await mustAgent(ex, name);
    return agentView(ex, stored);
  });
}

/** A new IC token for an agent: the old one stops working on every device at once (pushed). */
export async function rotateAgentToken(ctx: PanelContext, actor: Actor, name: string): Promise<{ agent: AgentView; token: string }> {
  return ctx.db.tx(async (ex) => {
    const a = await mustAgent(ex, name);
    const minted = nodeTokenMinter.mint();
    const now = ctx.clock.now();
    await ex.run('UPDATE agents SET token_hash = ?, token_prefix = ? WHERE id = ?', [minted.hash, minted.prefix, a.id]);
    await appendAudit(ex, now, { actor: actorName(actor), action: 'agent.token_rotated', target: name });
    await pushToAgentDevices(ex, a.owner_id, 'token.revoked', { agentId: a.id, agent: name, tokenHash: minted.hash }, now);
    return { agent: await agentView(ex, { ...a, token_hash: minted.hash, token_prefix: minted.prefix }), token: minted.token };
  });
}
