import type { Statement } from 'better-sqlite3';
import type { CallRecord } from '../../contract/ops/usage.ts';
import type {
  AnalyticsQueries,
  GroupCell,
  GroupedCombo,
  LedgerCombo,
  SlotRange,
  TimeRange,
  UnitCell,
  UnitQuery,
} from '../../services/analytics-service.ts';
import type { Db } from '../db/open-database.ts';

type CallRow = Omit<CallRecord, 'stream' | 'usageEstimated'> & { stream: number; usageEstimated: number };
/** Key columns, then the sums from column `at` on. */
type Row = (number | null)[];

const SUMS = `COUNT(*) - SUM(x.state = 'refused'), SUM(x.state = 'refused'), SUM(x.cost_micros), SUM(x.input_tokens),
    SUM(x.cache_read_tokens), SUM(x.cache_write_tokens), SUM(x.output_tokens)`;
const COMBOS_CTE = `combo(g, agent, provider, model) AS MATERIALIZED (
    SELECT value ->> 3, value ->> 0, value ->> 1, value ->> 2 FROM json_each(@combos) ORDER BY 1)`;
const OF_COMBO = 'x.agent_name = combo.agent AND x.provider_name IS combo.provider AND x.model = combo.model';

/**
 * Totals per report group. The (combo, range) pairs are materialized in index order, which the planner knows
 * (MATERIALIZED ... ORDER BY): the inner GROUP BY reads each pair whole from the index, seeks move forward through
 * it, and nothing sorts the ledger; only the pairs' totals are then summed into their groups. CROSS JOIN keeps the
 * pairs as the outer loop.
 */
export const SUMS_BY_RANGE_SQL = `WITH combo(k, g, agent, provider, model) AS MATERIALIZED (
    SELECT key, value ->> 3, value ->> 0, value ->> 1, value ->> 2 FROM json_each(@combos) ORDER BY key),
  slot(k, b, lo, hi) AS MATERIALIZED (SELECT key, value ->> 2, value ->> 0, value ->> 1 FROM json_each(@ranges)),
  pair(id, g, agent, provider, model, lo, hi) AS MATERIALIZED (
    SELECT combo.k * @slots + slot.k, combo.g * @buckets + slot.b, combo.agent, combo.provider, combo.model, slot.lo, slot.hi
    FROM combo, slot ORDER BY 1),
  cell(g, calls, refused, cost, input, cache_read, cache_write, output) AS (
    SELECT pair.g, ${SUMS}
    FROM pair CROSS JOIN calls AS x
    WHERE x.agent_name = pair.agent AND x.provider_name IS pair.provider AND x.model = pair.model
      AND x.started_at >= pair.lo AND x.started_at < pair.hi
    GROUP BY pair.id)
  SELECT g, SUM(calls), SUM(refused), SUM(cost), SUM(input), SUM(cache_read), SUM(cache_write), SUM(output)
  FROM cell GROUP BY g`;

/** Totals per output group and local unit: one range scan per combo, then a sort of the calls by unit. */
function sumsByUnitSql(segments: number, byOffset: boolean): string {
  const offset =
    segments === 1
      ? '@o0'
      : `CASE ${Array.from({ length: segments - 1 }, (_, i) => `WHEN x.started_at < @e${i} THEN @o${i}`).join(' ')} ELSE @o${segments - 1} END`;
  return `WITH ${COMBOS_CTE}
  SELECT combo.g, (x.started_at + ${offset}) / @unit AS u, ${byOffset ? offset : '0'} AS o, ${SUMS}
  FROM combo CROSS JOIN calls AS x
  WHERE ${OF_COMBO} AND x.started_at >= @since AND x.started_at < @until
  GROUP BY combo.g, u${byOffset ? ', o' : ''}`;
}

/** The winners are picked from the index; only their rows are read from the table. */
export const TOP_CALLS_SQL = `WITH ${COMBOS_CTE}
  SELECT id, agent_name AS agentName, provider_name AS providerName, endpoint, model, stream, state, outcome,
    http_status AS httpStatus, reserved_micros AS reservedMicros, cost_micros AS costMicros,
    input_tokens AS inputTokens, cache_read_tokens AS cacheReadTokens, cache_write_tokens AS cacheWriteTokens,
    output_tokens AS outputTokens, reasoning_tokens AS reasoningTokens, usage_estimated AS usageEstimated,
    started_at AS startedAt, latency_ms AS latencyMs
  FROM calls WHERE rowid IN (
    SELECT x.rowid FROM combo CROSS JOIN calls AS x
    WHERE ${OF_COMBO} AND x.started_at >= @since AND x.started_at < @until AND x.cost_micros > 0
    ORDER BY x.cost_micros DESC, x.started_at DESC LIMIT @limit)
  ORDER BY cost_micros DESC, started_at DESC, id`;

const COMBO = 'SELECT agent_name AS agent, provider_name AS provider, model FROM calls';
const NEXT = 'ORDER BY agent_name, provider_name, model LIMIT 1';

/** Reads the seven sums of a raw row from column `at` on (SUM over no rows is never returned: groups are non-empty). */
function totals(r: Row, at: number) {
  return {
    calls: r[at] as number,
    refused: r[at + 1] as number,
    costMicros: r[at + 2] as number,
    inputTokens: r[at + 3] as number,
    cacheReadTokens: r[at + 4] as number,
    cacheWriteTokens: r[at + 5] as number,
    outputTokens: r[at + 6] as number,
  };
}

const combosJson = (combos: readonly (LedgerCombo & { group?: number })[]): string =>
  JSON.stringify(combos.map((c) => [c.agent, c.provider, c.model, c.group ?? 0]));

/**
 * Aggregates over the calls ledger, read through the `calls_analytics` index (agent, provider, model, started_at,
 * then the summed columns). SQLite sorts a GROUP BY it cannot read in index order at about a microsecond a row;
 * `sumsByRange` never asks it to (cost: a seek per (combo, range) pair plus an index entry per call), `sumsByUnit`
 * does (cost: an index entry and a sort per call). The service picks the cheaper one.
 */
export class SqliteAnalytics implements AnalyticsQueries {
  private readonly s: {
    first: Statement<[], LedgerCombo>;
    firstOfAgent: Statement<[string], LedgerCombo>;
    nextModel: Statement<[string, string, string], LedgerCombo>;
    nextModelNoProvider: Statement<[string, string], LedgerCombo>;
    nextProvider: Statement<[string, string], LedgerCombo>;
    firstProvider: Statement<[string], LedgerCombo>;
    nextAgent: Statement<[string], LedgerCombo>;
    estimate: Statement<{ since: number; until: number }, number | null>;
    byRange: Statement<{ combos: string; ranges: string; slots: number; buckets: number }, Row>;
    top: Statement<{ combos: string; since: number; until: number; limit: number }, CallRow>;
  };
  private readonly byUnit = new Map<string, Statement<Record<string, unknown>, Row>>();

  constructor(private readonly db: Db) {
    this.s = {
      first: db.prepare(`${COMBO} ${NEXT}`),
      firstOfAgent: db.prepare(`${COMBO} WHERE agent_name = ? ${NEXT}`),
      nextModel: db.prepare(`${COMBO} WHERE agent_name = ? AND provider_name = ? AND model > ? ${NEXT}`),
      nextModelNoProvider: db.prepare(`${COMBO} WHERE agent_name = ? AND provider_name IS NULL AND model > ? ${NEXT}`),
      nextProvider: db.prepare(`${COMBO} WHERE agent_name = ? AND provider_name > ? ${NEXT}`),
      firstProvider: db.prepare(`${COMBO} WHERE agent_name = ? AND provider_name IS NOT NULL ${NEXT}`),
      nextAgent: db.prepare(`${COMBO} WHERE agent_name > ? ${NEXT}`),
      // Calls are inserted as they start, so rowids follow started_at: two seeks count a range.
      estimate: db
        .prepare<{ since: number; until: number }, number | null>(
          `SELECT (SELECT rowid FROM calls WHERE started_at < @until ORDER BY started_at DESC LIMIT 1)
                - (SELECT rowid FROM calls WHERE started_at >= @since ORDER BY started_at LIMIT 1) + 1`,
        )
        .pluck(),
      byRange: db.prepare<{ combos: string; ranges: string; slots: number; buckets: number }, Row>(SUMS_BY_RANGE_SQL).raw(),
      top: db.prepare(TOP_CALLS_SQL),
    };
  }

  /** A loose index scan: a few seeks per distinct combo, however many calls each has. */
  combos(agent?: string): LedgerCombo[] {
    const s = this.s;
    const out: LedgerCombo[] = [];
    let c = agent === undefined ? s.first.get() : s.firstOfAgent.get(agent);
    while (c) {
      out.push(c);
      c =
        (c.provider === null ? s.nextModelNoProvider.get(c.agent, c.model) : s.nextModel.get(c.agent, c.provider, c.model)) ??
        (c.provider === null ? s.firstProvider.get(c.agent) : s.nextProvider.get(c.agent, c.provider)) ??
        (agent === undefined ? s.nextAgent.get(c.agent) : undefined);
    }
    return out;
  }

  estimateCalls(range: TimeRange): number {
    return Math.max(0, this.s.estimate.get({ since: range.start, until: range.end }) ?? 0);
  }

  sumsByRange(combos: readonly GroupedCombo[], ranges: readonly SlotRange[], buckets: number): GroupCell[] {
    if (combos.length === 0 || ranges.length === 0) return [];
    const rows = this.s.byRange.all({
      combos: combosJson(combos),
      ranges: JSON.stringify(ranges.map((r) => [r.start, r.end, r.bucket])),
      slots: ranges.length,
      buckets,
    });
    return rows.map((r) => Object.assign(totals(r, 1), { group: r[0] as number }));
  }

  sumsByUnit(combos: readonly GroupedCombo[], q: UnitQuery): UnitCell[] {
    if (combos.length === 0 || q.segments.length === 0) return [];
    const key = `${q.segments.length}:${q.byOffset}`;
    let stmt = this.byUnit.get(key);
    if (!stmt) {
      stmt = this.db.prepare<Record<string, unknown>, Row>(sumsByUnitSql(q.segments.length, q.byOffset)).raw();
      this.byUnit.set(key, stmt);
    }
    // Bound as BigInt, so SQLite divides integers (a JS number is bound as a REAL).
    const params: Record<string, unknown> = { combos: combosJson(combos), since: q.range.start, until: q.range.end, unit: BigInt(q.unitMs) };
    q.segments.forEach((seg, i) => {
      params[`o${i}`] = BigInt(seg.offsetMs);
      if (i < q.segments.length - 1) params[`e${i}`] = BigInt(seg.end);
    });
    return stmt.all(params).map((r) => Object.assign(totals(r, 3), { group: r[0] as number, unit: r[1] as number, offsetMs: r[2] as number }));
  }

  topCalls(combos: readonly LedgerCombo[], range: TimeRange, limit: number): CallRecord[] {
    if (combos.length === 0) return [];
    const rows = this.s.top.all({ combos: combosJson(combos), since: range.start, until: range.end, limit: Math.trunc(limit) });
    return rows.map((r) => ({ ...r, stream: r.stream === 1, usageEstimated: r.usageEstimated === 1 }));
  }
}
