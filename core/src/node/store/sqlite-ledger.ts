import { PERIODS_SHORTEST_FIRST, type BudgetPeriod, type PeriodCalendar } from '../../domain/period.ts';
import type { BudgetWindowStatus, Ledger, Refusal, ReserveRequest, Settlement } from '../../ports/store.ts';
import type { Db } from '../db/open-database.ts';
import { refusedEntry, releasedEntry, settledEntry, type CallFacts } from './audit-chain.ts';
import type { AuditAppender } from './sqlite-audit-log.ts';

/** What settling a call needs to know of it. */
export interface CallSpend extends CallFacts {
  agent_id: string;
  started_at: number;
}

interface OpenCall extends CallSpend {
  state: string;
}

interface LimitRow {
  period: BudgetPeriod;
  limit_micros: number;
}

/**
 * The budget ledger on SQLite. Every change runs in a BEGIN IMMEDIATE transaction, so reservations from
 * any number of connections and processes are serialised by SQLite's write lock: the check
 * `spent + reserved + amount <= limit` for every capped window and the increment cannot interleave.
 * Spend is kept per local hour; a window's spend is the sum of its hours, so windows survive period changes.
 */
export class SqliteLedger implements Ledger {
  private readonly stmts;
  private readonly reserveTx;
  private readonly settleTx;
  private readonly releaseTx;
  private readonly refuseTx;

  constructor(
    db: Db,
    private readonly instanceId: string,
    /** Each finished call is appended to the audit trail in the same transaction as its ledger change. */
    private readonly audit: AuditAppender,
    /** Where hours, days, weeks and months start (the configured time zone). */
    private readonly calendar: PeriodCalendar,
  ) {
    this.stmts = {
      active: db.prepare<[string], { ok: number }>("SELECT 1 AS ok FROM agents WHERE id = ? AND status = 'active'"),
      limits: db.prepare<[string], LimitRow>('SELECT period, limit_micros FROM agent_limits WHERE agent_id = ?'),
      totals: db.prepare<[string], { spent_micros: number; reserved_micros: number }>(
        'SELECT spent_micros, reserved_micros FROM agent_spend WHERE agent_id = ?',
      ),
      bucketSum: db
        .prepare<[string, number, number], number>(
          'SELECT COALESCE(SUM(spent_micros), 0) FROM spend_buckets WHERE agent_id = ? AND hour_start >= ? AND hour_start < ?',
        )
        .pluck(),
      openReserved: db
        .prepare<[string], number>("SELECT COALESCE(SUM(reserved_micros), 0) FROM calls WHERE agent_id = ? AND state = 'reserved'")
        .pluck(),
      hold: db.prepare('UPDATE agent_spend SET reserved_micros = reserved_micros + ? WHERE agent_id = ?'),
      addBucket: db.prepare(
        `INSERT INTO spend_buckets (agent_id, hour_start, spent_micros) VALUES (?, ?, ?)
         ON CONFLICT (agent_id, hour_start) DO UPDATE SET spent_micros = spent_micros + excluded.spent_micros`,
      ),
      insertCall: db.prepare(
        `INSERT INTO calls (id, agent_id, agent_name, provider_id, provider_name, endpoint, model, stream, period_key,
           state, reserved_micros, outcome, started_at, instance_id, request_body)
         VALUES (@id, @agent_id, @agent_name, @provider_id, @provider_name, @endpoint, @model, @stream, @period_key,
           'reserved', @amount, 'in_flight', @started_at, @instance_id, @request_body)`,
      ),
      openCall: db.prepare<[string], OpenCall>(
        `SELECT agent_id, started_at, reserved_micros, state, agent_name, provider_name, endpoint, model, stream
         FROM calls WHERE id = ?`,
      ),
      settleUsage: db.prepare(
        `UPDATE agent_spend SET reserved_micros = reserved_micros - @release, spent_micros = spent_micros + @cost
         WHERE agent_id = @agent_id`,
      ),
      settleCall: db.prepare(
        `UPDATE calls SET state = 'settled', cost_micros = @cost, input_tokens = @input, cache_read_tokens = @cache_read,
           cache_write_tokens = @cache_write, output_tokens = @output, reasoning_tokens = @reasoning,
           outcome = @outcome, http_status = @http_status, usage_estimated = @estimated, finished_at = @finished_at,
           latency_ms = @latency_ms, response_body = @response_body
         WHERE id = @id`,
      ),
      insertSettled: db.prepare(
        `INSERT INTO calls (id, agent_id, agent_name, provider_id, provider_name, endpoint, model, stream, period_key, state,
           reserved_micros, cost_micros, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
           outcome, http_status, usage_estimated, started_at, finished_at, latency_ms, instance_id, request_body, response_body)
         VALUES (@id, @agent_id, @agent_name, @provider_id, @provider_name, @endpoint, @model, @stream, @period_key, 'settled',
           @amount, @cost, @input, @cache_read, @cache_write, @output, @reasoning,
           @outcome, @http_status, @estimated, @started_at, @finished_at, @latency_ms, @instance_id, @request_body, @response_body)`,
      ),
      releaseCall: db.prepare(
        `UPDATE calls SET state = 'released', outcome = @outcome, http_status = @http_status,
           finished_at = @finished_at, latency_ms = @latency_ms
         WHERE id = @id AND state = 'reserved'`,
      ),
      refuse: db.prepare(
        `INSERT INTO calls (id, agent_id, agent_name, endpoint, model, period_key, state, outcome, http_status,
           started_at, finished_at, latency_ms, instance_id)
         VALUES (@id, @agent_id, @agent_name, @endpoint, @model, @period_key, 'refused', @outcome, @http_status,
           @at, @at, 0, @instance_id)`,
      ),
    };

    this.reserveTx = db.transaction((req: ReserveRequest): boolean => {
      if (this.headroom(req.agentId, req.startedAt) < req.amount) return false;
      this.hold(req.agentId, req.amount);
      this.recordReserved(req);
      return true;
    });

    this.settleTx = db.transaction((callId: string, s: Settlement) => {
      const call = this.stmts.openCall.get(callId);
      if (!call || call.state === 'settled') return;
      // A reservation released meanwhile (a restart judged this process dead) no longer holds budget,
      // but the spend is real and is still recorded.
      this.recordSettled(callId, call, s, call.state === 'reserved' ? call.reserved_micros : 0);
    });

    this.releaseTx = db.transaction(
      (callId: string, outcome: string, httpStatus: number, finishedAt: number, latencyMs: number) => {
        const call = this.stmts.openCall.get(callId);
        if (!call || call.state !== 'reserved') return;
        this.stmts.settleUsage.run({ release: call.reserved_micros, cost: 0, agent_id: call.agent_id });
        this.recordReleased(callId, call, outcome, httpStatus, finishedAt, latencyMs);
      },
    );

    this.refuseTx = db.transaction((r: Refusal) => this.recordRefused(r));
  }

  /**
   * What more may be held against the agent now: the least, over its capped windows, of limit − spent −
   * held; negative when it is suspended or has no cap. Call inside a write transaction.
   */
  headroom(agentId: string, at: number): number {
    if (!this.stmts.active.get(agentId)) return -1;
    const limits = this.stmts.limits.all(agentId);
    const totals = this.stmts.totals.get(agentId);
    if (limits.length === 0 || !totals) return -1;
    let least = Number.POSITIVE_INFINITY;
    for (const l of limits) {
      const spent = this.spentIn(agentId, l.period, at, totals.spent_micros);
      least = Math.min(least, l.limit_micros - spent - totals.reserved_micros);
    }
    return least;
  }

  /** Holds `amount` against every window of the agent (a reservation or a granted slice). In a transaction. */
  hold(agentId: string, amount: number): void {
    this.stmts.hold.run(amount, agentId);
  }

  /** Records a reserved call (its money already held). In a transaction. */
  recordReserved(req: ReserveRequest): void {
    this.stmts.insertCall.run({
      id: req.callId,
      agent_id: req.agentId,
      agent_name: req.agentName,
      provider_id: req.providerId,
      provider_name: req.providerName,
      endpoint: req.endpoint,
      model: req.model,
      stream: req.stream ? 1 : 0,
      period_key: req.periodKey,
      amount: req.amount,
      started_at: req.startedAt,
      instance_id: this.instanceId,
      request_body: req.requestBody,
    });
  }

  /** Records a settled call: `fromHeld` leaves the held money, `s.cost` is spent in the call's hour. In a transaction. */
  recordSettled(callId: string, call: CallSpend, s: Settlement, fromHeld: number): void {
    this.stmts.settleCall.run({ id: callId, ...settlementColumns(s) });
    this.applySpend(callId, call, s, fromHeld);
  }

  /** Records a call reserved and settled in one go (both still queued in the journal): one row written once. */
  recordReservedAndSettled(req: ReserveRequest, call: CallSpend, s: Settlement, fromHeld: number): void {
    this.stmts.insertSettled.run({
      id: req.callId,
      agent_id: req.agentId,
      agent_name: req.agentName,
      provider_id: req.providerId,
      provider_name: req.providerName,
      endpoint: req.endpoint,
      model: req.model,
      stream: req.stream ? 1 : 0,
      period_key: req.periodKey,
      amount: req.amount,
      started_at: req.startedAt,
      instance_id: this.instanceId,
      request_body: req.requestBody,
      ...settlementColumns(s),
    });
    this.applySpend(req.callId, call, s, fromHeld);
  }

  private applySpend(callId: string, call: CallSpend, s: Settlement, fromHeld: number): void {
    this.stmts.settleUsage.run({ release: fromHeld, cost: s.cost, agent_id: call.agent_id });
    if (s.cost > 0) this.stmts.addBucket.run(call.agent_id, this.hourOf(call.started_at), s.cost);
    this.audit.appendInTransaction(settledEntry(callId, call, s), s.finishedAt);
  }

  /** Records a call that cost nothing (the money it held is given back by the caller). In a transaction. */
  recordReleased(callId: string, call: CallFacts, outcome: string, httpStatus: number, finishedAt: number, latencyMs: number): void {
    this.stmts.releaseCall.run({ id: callId, outcome, http_status: httpStatus, finished_at: finishedAt, latency_ms: latencyMs });
    this.audit.appendInTransaction(releasedEntry(callId, call, outcome, httpStatus, latencyMs), finishedAt);
  }

  /** Records a refused call. In a transaction. */
  recordRefused(r: Refusal): void {
    this.stmts.refuse.run({
      id: r.callId,
      agent_id: r.agentId,
      agent_name: r.agentName,
      endpoint: r.endpoint,
      model: r.model,
      period_key: r.periodKey,
      outcome: r.outcome,
      http_status: r.httpStatus,
      at: r.at,
      instance_id: this.instanceId,
    });
    this.audit.appendInTransaction(refusedEntry(r), r.at);
  }

  reserve(req: ReserveRequest): boolean {
    return this.reserveTx.immediate(req);
  }

  settle(callId: string, s: Settlement): void {
    this.settleTx.immediate(callId, s);
  }

  release(callId: string, outcome: string, httpStatus: number, finishedAt: number, latencyMs: number): void {
    this.releaseTx.immediate(callId, outcome, httpStatus, finishedAt, latencyMs);
  }

  refuse(r: Refusal): void {
    this.refuseTx.immediate(r);
  }

  /** Every capped window of the agent at `at`, shortest period first. */
  windows(agentId: string, at: number): BudgetWindowStatus[] {
    const totals = this.stmts.totals.get(agentId) ?? { spent_micros: 0, reserved_micros: 0 };
    const rank = (p: BudgetPeriod) => PERIODS_SHORTEST_FIRST.indexOf(p);
    const limits = this.stmts.limits.all(agentId).sort((a, b) => rank(a.period) - rank(b.period));
    // Held money is either reserved by a call under way or granted to a wallet and not yet used.
    const reserved = Math.min(totals.reserved_micros, limits.length > 0 ? (this.stmts.openReserved.get(agentId) ?? 0) : 0);
    return limits.map((l) => {
      const w = this.calendar.windowAt(l.period, at);
      return {
        period: l.period,
        periodKey: w.key,
        start: w.start,
        end: w.end,
        limitMicros: l.limit_micros,
        spentMicros: this.spentIn(agentId, l.period, at, totals.spent_micros),
        reservedMicros: reserved,
        heldMicros: totals.reserved_micros - reserved,
      };
    });
  }

  private spentIn(agentId: string, period: BudgetPeriod, at: number, totalSpent: number): number {
    if (period === 'total') return totalSpent;
    const w = this.calendar.windowAt(period, at);
    return this.stmts.bucketSum.get(agentId, w.start, w.end) ?? 0;
  }

  /** The local hour a call's spend belongs to: the one it started in, whose windows admitted it. */
  private hourOf(startedAt: number): number {
    return this.calendar.windowAt('hourly', startedAt).start;
  }
}

function settlementColumns(s: Settlement) {
  return {
    cost: s.cost,
    input: s.usage.inputTokens,
    cache_read: s.usage.cacheReadTokens,
    cache_write: s.usage.cacheWriteTokens,
    output: s.usage.outputTokens,
    reasoning: s.usage.reasoningTokens,
    outcome: s.outcome,
    http_status: s.httpStatus,
    estimated: s.usageEstimated ? 1 : 0,
    finished_at: s.finishedAt,
    latency_ms: s.latencyMs,
    response_body: s.responseBody,
  };
}
