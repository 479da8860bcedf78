import type { Budget } from '../../../panel/budget.ts';
import type { Lease, LeaseState } from '../../../panel/lease.ts';
import type { SqlExecutor } from '../../../panel/store-port.ts';
import type { UsageRecord } from '../../../panel/usage.ts';

/** Lease, budget and usage rows: the ledger the protocol transitions read and write inside one transaction. */
interface LeaseRow {
  id: string;
  agent_id: string;
  team_id: string | null;
  device_id: string;
  epoch: number;
  granted_micros: number;
  captured_micros: number;
  high_seq: number;
  state: LeaseState;
  ttl_ms: number;
  expires_at: number;
  settle_at: number;
  created_at: number;
}

interface BudgetRow {
  limit_micros: number | null;
  committed_micros: number;
  reserved_micros: number;
  overshoot_micros: number;
}

const toLease = (r: LeaseRow): Lease => ({
  id: r.id,
  agentId: r.agent_id,
  teamId: r.team_id,
  deviceId: r.device_id,
  epoch: Number(r.epoch),
  granted: Number(r.granted_micros),
  captured: Number(r.captured_micros),
  highSeq: Number(r.high_seq),
  state: r.state,
  ttlMs: Number(r.ttl_ms),
  expiresAt: Number(r.expires_at),
  settleAt: Number(r.settle_at),
  createdAt: Number(r.created_at),
});

const toBudget = (r: BudgetRow): Budget => ({
  limit: Number(r.limit_micros ?? 0),
  committed: Number(r.committed_micros),
  reserved: Number(r.reserved_micros),
  overshoot: Number(r.overshoot_micros),
});

const BUDGET_COLS = 'limit_micros, committed_micros, reserved_micros, overshoot_micros';

export async function agentBudget(ex: SqlExecutor, agentId: string): Promise<Budget> {
  const r = await ex.get<BudgetRow>(`SELECT ${BUDGET_COLS} FROM agents WHERE id = ?`, [agentId]);
  if (!r) throw new Error(`agent ${agentId} vanished`);
  return toBudget(r);
}

/** A team's budget, or null when the team has no hard cap (or the agent has no team). */
export async function teamBudget(ex: SqlExecutor, teamId: string | null): Promise<Budget | null> {
  if (!teamId) return null;
  const r = await ex.get<BudgetRow>(`SELECT ${BUDGET_COLS} FROM teams WHERE id = ?`, [teamId]);
  return r && r.limit_micros !== null ? toBudget(r) : null;
}

export async function saveBudgets(ex: SqlExecutor, agentId: string, teamId: string | null, agent: Budget, team: Budget | null): Promise<void> {
  await ex.run('UPDATE agents SET committed_micros = ?, reserved_micros = ?, overshoot_micros = ? WHERE id = ?', [agent.committed, agent.reserved, agent.overshoot, agentId]);
  if (teamId && team) {
    await ex.run('UPDATE teams SET committed_micros = ?, reserved_micros = ?, overshoot_micros = ? WHERE id = ?', [team.committed, team.reserved, team.overshoot, teamId]);
  }
}

export async function leaseById(ex: SqlExecutor, id: string): Promise<Lease | undefined> {
  const r = await ex.get<LeaseRow>('SELECT * FROM leases WHERE id = ?', [id]);
  return r ? toLease(r) : undefined;
}

export async function activeLease(ex: SqlExecutor, agentId: string, deviceId: string): Promise<Lease | null> {
  const r = await ex.get<LeaseRow>("SELECT * FROM leases WHERE agent_id = ? AND device_id = ? AND state = 'active'", [agentId, deviceId]);
  return r ? toLease(r) : null;
}

export async function listLeases(ex: SqlExecutor, filter: { open?: boolean; deviceId?: string } = {}): Promise<Lease[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.open) where.push("state IN ('active', 'expired', 'revoked')");
  if (filter.deviceId) {
    where.push('device_id = ?');
    params.push(filter.deviceId);
  }
  const rows = await ex.all<LeaseRow>(`SELECT * FROM leases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, params);
  return rows.map(toLease);
}

export async function dueLeases(ex: SqlExecutor, now: number): Promise<Lease[]> {
  const rows = await ex.all<LeaseRow>(
    "SELECT * FROM leases WHERE (state = 'active' AND expires_at <= ?) OR (state IN ('expired', 'revoked') AND settle_at <= ?)",
    [now, now],
  );
  return rows.map(toLease);
}

export async function otherActiveDevices(ex: SqlExecutor, agentId: string, deviceId: string): Promise<number> {
  const r = await ex.get<{ n: number }>("SELECT COUNT(DISTINCT device_id) AS n FROM leases WHERE agent_id = ? AND state = 'active' AND device_id <> ?", [agentId, deviceId]);
  return Number(r?.n ?? 0);
}

export async function currentEpoch(ex: SqlExecutor, agentId: string, deviceId: string): Promise<number> {
  const r = await ex.get<{ epoch: number }>('SELECT epoch FROM lease_epochs WHERE agent_id = ? AND device_id = ?', [agentId, deviceId]);
  return Number(r?.epoch ?? 0);
}

export async function saveEpoch(ex: SqlExecutor, agentId: string, deviceId: string, epoch: number): Promise<void> {
  const changed = await ex.run('UPDATE lease_epochs SET epoch = ? WHERE agent_id = ? AND device_id = ?', [epoch, agentId, deviceId]);
  if (changed === 0) await ex.run('INSERT INTO lease_epochs (agent_id, device_id, epoch) VALUES (?, ?, ?)', [agentId, deviceId, epoch]);
}

export async function insertLease(ex: SqlExecutor, l: Lease): Promise<void> {
  await ex.run(
    'INSERT INTO leases (id, agent_id, team_id, device_id, epoch, granted_micros, captured_micros, high_seq, state, ttl_ms, expires_at, settle_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [l.id, l.agentId, l.teamId, l.deviceId, l.epoch, l.granted, l.captured, l.highSeq, l.state, l.ttlMs, l.expiresAt, l.settleAt, l.createdAt],
  );
}

export async function updateLease(ex: SqlExecutor, l: Lease): Promise<void> {
  await ex.run('UPDATE leases SET granted_micros = ?, captured_micros = ?, high_seq = ?, state = ?, expires_at = ?, settle_at = ? WHERE id = ?', [
    l.granted,
    l.captured,
    l.highSeq,
    l.state,
    l.expiresAt,
    l.settleAt,
    l.id,
  ]);
}

interface RecordRow {
  lease_id: string;
  seq: number;
  call_id: string;
  provider: string;
  model: string;
  status: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  client_cost_micros: number;
  cost_micros: number;
  late: number;
  flagged: number;
  duplicate_call: number;
  at: number;
}

const toRecord = (r: RecordRow): UsageRecord => ({
  leaseId: r.lease_id,
  seq: Number(r.seq),
  callId: r.call_id,
  provider: r.provider,
  model: r.model,
  status: r.status,
  inputTokens: Number(r.input_tokens),
  outputTokens: Number(r.output_tokens),
  cacheReadTokens: Number(r.cache_read_tokens),
  cacheWriteTokens: Number(r.cache_write_tokens),
  clientCostMicros: Number(r.client_cost_micros),
  costMicros: Number(r.cost_micros),
  late: Number(r.late) === 1,
  flagged: Number(r.flagged) === 1,
  duplicateCall: Number(r.duplicate_call) === 1,
  at: Number(r.at),
});

/** What the usage transition needs to know about a batch: stored records at its seqs and its known call ids. */
export async function usageContext(ex: SqlExecutor, lease: Lease, seqs: number[], callIds: string[]): Promise<{ knownBySeq: Map<number, UsageRecord>; knownCallIds: Set<string>; seqsAbove: Set<number> }> {
  const knownBySeq = new Map<number, UsageRecord>();
  const knownCallIds = new Set<string>();
  for (const seq of new Set(seqs)) {
    const r = await ex.get<RecordRow>('SELECT * FROM usage_records WHERE lease_id = ? AND seq = ?', [lease.id, seq]);
    if (r) knownBySeq.set(seq, toRecord(r));
  }
  for (const id of new Set(callIds)) {
    const r = await ex.get<{ call_id: string }>('SELECT call_id FROM usage_records WHERE call_id = ? AND duplicate_call = 0', [id]);
    if (r) knownCallIds.add(id);
  }
  const above = await ex.all<{ seq: number }>('SELECT seq FROM usage_records WHERE lease_id = ? AND seq > ?', [lease.id, lease.highSeq]);
  return { knownBySeq, knownCallIds, seqsAbove: new Set(above.map((r) => Number(r.seq))) };
}

export async function insertRecord(ex: SqlExecutor, agentId: string, r: UsageRecord): Promise<void> {
  await ex.run(
    'INSERT INTO usage_records (lease_id, seq, call_id, agent_id, provider, model, status, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, client_cost_micros, cost_micros, late, flagged, duplicate_call, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [r.leaseId, r.seq, r.callId, agentId, r.provider, r.model, r.status, r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheWriteTokens, r.clientCostMicros, r.costMicros, r.late ? 1 : 0, r.flagged ? 1 : 0, r.duplicateCall ? 1 : 0, r.at],
  );
}

export async function listUsage(ex: SqlExecutor, filter: { agentId?: string; since?: number }): Promise<(UsageRecord & { agentId: string })[]> {
  const rows = await ex.all<RecordRow & { agent_id: string }>(
    'SELECT * FROM usage_records WHERE (? IS NULL OR agent_id = ?) AND at >= ? ORDER BY at, lease_id, seq',
    [filter.agentId ?? null, filter.agentId ?? null, filter.since ?? 0],
  );
  return rows.map((r) => ({ ...toRecord(r), agentId: r.agent_id }));
}
