import { sortLimits, type Agent, type AgentStatus, type BudgetLimit, type IcTokenInfo } from '../../domain/agent.ts';
import type { BudgetPeriod } from '../../domain/period.ts';
import { appError } from '../../domain/errors.ts';
import { DEFAULT_GUARD_POLICY, GuardPolicyPatchSchema, mergeGuardPolicy, type GuardPolicy } from '../../domain/guard-policy.ts';
import type { AgentRecord, AgentRepo, Caller } from '../../ports/store.ts';
import type { Db } from '../db/open-database.ts';
import { updateColumns } from './update-columns.ts';

interface AgentRow {
  id: string;
  name: string;
  status: AgentStatus;
  allowed_models: string | null;
  openai_provider_id: string | null;
  anthropic_provider_id: string | null;
  log_bodies: number;
  guard_policy: string | null;
  created_at: number;
  updated_at: number;
}

interface CallerRow extends AgentRow {
  token_id: string;
}

interface TokenRow {
  id: string;
  agent_id: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

function parseModels(json: string | null): string[] | null {
  return json === null ? null : (JSON.parse(json) as string[]);
}

// Policies are few and stable; parse each stored JSON once, not on every call.
const policyCache = new Map<string, GuardPolicy>();
function parsePolicy(json: string | null): GuardPolicy {
  if (json === null) return DEFAULT_GUARD_POLICY;
  let policy = policyCache.get(json);
  if (!policy) {
    const parsed = GuardPolicyPatchSchema.safeParse(JSON.parse(json));
    policy = mergeGuardPolicy(DEFAULT_GUARD_POLICY, parsed.success ? parsed.data : null);
    if (policyCache.size > 1000) policyCache.clear();
    policyCache.set(json, policy);
  }
  return policy;
}

function toAgent(r: AgentRow, limits: BudgetLimit[]): Agent {
  const longest = limits.at(-1) ?? { period: 'total' as const, limitMicros: 0 };
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    limits,
    budgetMicros: longest.limitMicros,
    period: longest.period,
    allowedModels: parseModels(r.allowed_models),
    providers: { openai: r.openai_provider_id, anthropic: r.anthropic_provider_id },
    logBodies: r.log_bodies === 1,
    guardPolicy: parsePolicy(r.guard_policy),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toToken(r: TokenRow): IcTokenInfo {
  return { id: r.id, agentId: r.agent_id, prefix: r.prefix, createdAt: r.created_at, revokedAt: r.revoked_at };
}

export class SqliteAgentRepo implements AgentRepo {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      caller: db.prepare<[string], CallerRow>(
        `SELECT a.*, t.id AS token_id FROM ic_tokens t JOIN agents a ON a.id = t.agent_id
         WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
      ),
      byId: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?'),
      byName: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE name = ?'),
      list: db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY name'),
      limits: db.prepare<[string], { period: BudgetPeriod; limit_micros: number }>('SELECT period, limit_micros FROM agent_limits WHERE agent_id = ?'),
      allLimits: db.prepare<[], { agent_id: string; period: BudgetPeriod; limit_micros: number }>('SELECT agent_id, period, limit_micros FROM agent_limits'),
      clearLimits: db.prepare('DELETE FROM agent_limits WHERE agent_id = ?'),
      insertLimit: db.prepare('INSERT INTO agent_limits (agent_id, period, limit_micros) VALUES (?, ?, ?)'),
      insertSpend: db.prepare('INSERT INTO agent_spend (agent_id) VALUES (?)'),
      liveToken: db.prepare<[string, string], { ok: number }>(
        `SELECT 1 AS ok FROM ic_tokens t JOIN agents a ON a.id = t.agent_id
         WHERE t.id = ? AND a.id = ? AND t.revoked_at IS NULL AND a.status = 'active'`,
      ),
      insert: db.prepare(
        `INSERT INTO agents (id, name, status, allowed_models, openai_provider_id,
           anthropic_provider_id, log_bodies, guard_policy, created_at, updated_at)
         VALUES (@id, @name, 'active', @allowed_models, @openai_provider_id,
           @anthropic_provider_id, @log_bodies, @guard_policy, @now, @now)`,
      ),
      remove: db.prepare('DELETE FROM agents WHERE id = ?'),
      insertToken: db.prepare(
        'INSERT INTO ic_tokens (id, agent_id, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      revokeTokens: db.prepare('UPDATE ic_tokens SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL'),
      tokens: db.prepare<[string], TokenRow>(
        'SELECT id, agent_id, prefix, created_at, revoked_at FROM ic_tokens WHERE agent_id = ? ORDER BY created_at',
      ),
    };
  }

  unitOfWork<T>(work: () => T): T {
    // IMMEDIATE: take the write lock before reading what the change is based on.
    return this.db.transaction(work).immediate();
  }

  findCaller(tokenHash: string): Caller | undefined {
    const r = this.stmts.caller.get(tokenHash);
    if (!r) return undefined;
    return {
      tokenId: r.token_id,
      agentId: r.id,
      agentName: r.name,
      status: r.status,
      allowedModels: parseModels(r.allowed_models),
      providerIds: { openai: r.openai_provider_id, anthropic: r.anthropic_provider_id },
      logBodies: r.log_bodies === 1,
      guardPolicy: parsePolicy(r.guard_policy),
    };
  }

  stoppedAmong(inFlight: readonly { agentId: string; tokenId: string }[]): Set<string> {
    const stopped = new Set<string>();
    for (const f of inFlight) {
      if (!this.stmts.liveToken.get(f.tokenId, f.agentId)) stopped.add(f.agentId);
    }
    return stopped;
  }

  create(id: string, record: AgentRecord, now: number): Agent {
    try {
      this.stmts.insert.run({
        id,
        name: record.name,
        allowed_models: record.allowedModels === null ? null : JSON.stringify(record.allowedModels),
        openai_provider_id: record.providers.openai,
        anthropic_provider_id: record.providers.anthropic,
        log_bodies: record.logBodies ? 1 : 0,
        guard_policy: record.guardPolicy ? JSON.stringify(record.guardPolicy) : null,
        now,
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw appError('CONFLICT', `an agent named "${record.name}" already exists`);
      }
      throw e;
    }
    this.stmts.insertSpend.run(id);
    this.writeLimits(id, record.limits);
    return this.mustGet(id);
  }

  list(): Agent[] {
    const byAgent = new Map<string, BudgetLimit[]>();
    for (const l of this.stmts.allLimits.all()) {
      const list = byAgent.get(l.agent_id) ?? [];
      list.push({ period: l.period, limitMicros: l.limit_micros });
      byAgent.set(l.agent_id, list);
    }
    return this.stmts.list.all().map((r) => toAgent(r, sortLimits(byAgent.get(r.id) ?? [])));
  }

  byName(name: string): Agent | undefined {
    const r = this.stmts.byName.get(name);
    return r && toAgent(r, this.limitsOf(r.id));
  }

  byId(id: string): Agent | undefined {
    const r = this.stmts.byId.get(id);
    return r && toAgent(r, this.limitsOf(r.id));
  }

  private limitsOf(agentId: string): BudgetLimit[] {
    return sortLimits(this.stmts.limits.all(agentId).map((l) => ({ period: l.period, limitMicros: l.limit_micros })));
  }

  private writeLimits(agentId: string, limits: readonly BudgetLimit[]): void {
    this.stmts.clearLimits.run(agentId);
    for (const l of limits) this.stmts.insertLimit.run(agentId, l.period, l.limitMicros);
  }

  update(id: string, patch: Partial<AgentRecord> & { status?: AgentStatus }, now: number): Agent {
    const cols: Record<string, unknown> = {};
    if (patch.name !== undefined) cols.name = patch.name;
    if (patch.status !== undefined) cols.status = patch.status;
    if (patch.allowedModels !== undefined) {
      cols.allowed_models = patch.allowedModels === null ? null : JSON.stringify(patch.allowedModels);
    }
    if (patch.providers !== undefined) {
      cols.openai_provider_id = patch.providers.openai;
      cols.anthropic_provider_id = patch.providers.anthropic;
    }
    if (patch.logBodies !== undefined) cols.log_bodies = patch.logBodies ? 1 : 0;
    if (patch.guardPolicy !== undefined) cols.guard_policy = patch.guardPolicy === null ? null : JSON.stringify(patch.guardPolicy);
    if (patch.limits !== undefined) {
      cols.updated_at = now;
      this.writeLimits(id, patch.limits);
    }
    updateColumns(this.db, 'agents', id, cols, now);
    return this.mustGet(id);
  }

  remove(id: string): void {
    this.stmts.remove.run(id);
  }

  addToken(token: { id: string; agentId: string; hash: string; prefix: string }, now: number): IcTokenInfo {
    this.stmts.insertToken.run(token.id, token.agentId, token.hash, token.prefix, now);
    return { id: token.id, agentId: token.agentId, prefix: token.prefix, createdAt: now, revokedAt: null };
  }

  revokeTokens(agentId: string, now: number): number {
    return this.stmts.revokeTokens.run(now, agentId).changes;
  }

  tokens(agentId: string): IcTokenInfo[] {
    return this.stmts.tokens.all(agentId).map(toToken);
  }

  private mustGet(id: string): Agent {
    const a = this.byId(id);
    if (!a) throw appError('NOT_FOUND', `no agent with id ${id}`);
    return a;
  }
}
