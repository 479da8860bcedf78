import type { BudgetStatus, Ledger, Refusal, ReserveRequest, Settlement } from '../../ports/store.ts';
import type { Db } from '../db/open-database.ts';
import { refusedEntry, releasedEntry, settledEntry, type CallFacts } from './audit-chain.ts';
import type { AuditAppender } from './sqlite-audit-log.ts';

interface OpenCall extends CallFacts {
  agent_id: string;
  period_key: string;
  reserved_micros: number;
  state: string;
}

/**
 * The budget ledger on SQLite. Every change runs in a BEGIN IMMEDIATE transaction, so reservations from
 * any number of connections and processes are serialised by SQLite's write lock: the check
 * `spent + reserved + amount <= limit` and the increment are one statement, and cannot interleave.
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
  ) {
    this.stmts = {
      ensureUsage: db.prepare(
        'INSERT INTO budget_usage (agent_id, period_key) VALUES (?, ?) ON CONFLICT (agent_id, period_key) DO NOTHING',
      ),
      reserve: db.prepare(
        `UPDATE budget_usage SET reserved_micros = reserved_micros + @amount
         WHERE agent_id = @agent_id AND period_key = @period_key
           AND spent_micros + reserved_micros + @amount
               <= (SELECT limit_micros FROM agent_budget_limit WHERE agent_id = @agent_id)`,
      ),
      insertCall: db.prepare(
        `INSERT INTO calls (id, agent_id, agent_name, provider_id, provider_name, endpoint, model, stream, period_key,
           state, reserved_micros, outcome, started_at, instance_id, request_body)
         VALUES (@id, @agent_id, @agent_name, @provider_id, @provider_name, @endpoint, @model, @stream, @period_key,
           'reserved', @amount, 'in_flight', @started_at, @instance_id, @request_body)`,
      ),
      openCall: db.prepare<[string], OpenCall>(
        `SELECT agent_id, period_key, reserved_micros, state, agent_name, provider_name, endpoint, model, stream
         FROM calls WHERE id = ?`,
      ),
      settleUsage: db.prepare(
        `UPDATE budget_usage SET reserved_micros = reserved_micros - @release, spent_micros = spent_micros + @cost
         WHERE agent_id = @agent_id AND period_key = @period_key`,
      ),
      settleCall: db.prepare(
        `UPDATE calls SET state = 'settled', cost_micros = @cost, input_tokens = @input, cache_read_tokens = @cache_read,
           cache_write_tokens = @cache_write, output_tokens = @output, reasoning_tokens = @reasoning,
           outcome = @outcome, http_status = @http_status, usage_estimated = @estimated, finished_at = @finished_at,
           latency_ms = @latency_ms, response_body = @response_body
         WHERE id = @id`,
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
      limit: db.prepare<[string], { budget_micros: number }>('SELECT budget_micros FROM agents WHERE id = ?'),
      usage: db.prepare<[string, string], { spent_micros: number; reserved_micros: number }>(
        'SELECT spent_micros, reserved_micros FROM budget_usage WHERE agent_id = ? AND period_key = ?',
      ),
    };

    this.reserveTx = db.transaction((req: ReserveRequest): boolean => {
      this.stmts.ensureUsage.run(req.agentId, req.periodKey);
      const reserved =
        this.stmts.reserve.run({ amount: req.amount, agent_id: req.agentId, period_key: req.periodKey }).changes === 1;
      if (!reserved) return false;
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
      return true;
    });

    this.settleTx = db.transaction((callId: string, s: Settlement) => {
      const call = this.stmts.openCall.get(callId);
      if (!call || call.state === 'settled') return;
      // A reservation released meanwhile (a restart judged this process dead) no longer holds budget,
      // but the spend is real and is still recorded.
      const release = call.state === 'reserved' ? call.reserved_micros : 0;
      this.stmts.ensureUsage.run(call.agent_id, call.period_key);
      this.stmts.settleUsage.run({ release, cost: s.cost, agent_id: call.agent_id, period_key: call.period_key });
      this.stmts.settleCall.run({
        id: callId,
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
      });
      this.audit.appendInTransaction(settledEntry(callId, call, s), s.finishedAt);
    });

    this.releaseTx = db.transaction(
      (callId: string, outcome: string, httpStatus: number, finishedAt: number, latencyMs: number) => {
        const call = this.stmts.openCall.get(callId);
        if (!call || call.state !== 'reserved') return;
        this.stmts.settleUsage.run({
          release: call.reserved_micros,
          cost: 0,
          agent_id: call.agent_id,
          period_key: call.period_key,
        });
        this.stmts.releaseCall.run({
          id: callId,
          outcome,
          http_status: httpStatus,
          finished_at: finishedAt,
          latency_ms: latencyMs,
        });
        this.audit.appendInTransaction(releasedEntry(callId, call, outcome, httpStatus, latencyMs), finishedAt);
      },
    );

    this.refuseTx = db.transaction((r: Refusal) => {
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
    });
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

  /** Spent and reserved in one period window of an agent. */
  status(agentId: string, periodKey: string): BudgetStatus {
    const u = this.stmts.usage.get(agentId, periodKey);
    return {
      agentId,
      periodKey,
      limitMicros: this.stmts.limit.get(agentId)?.budget_micros ?? 0,
      spentMicros: u?.spent_micros ?? 0,
      reservedMicros: u?.reserved_micros ?? 0,
    };
  }
}
