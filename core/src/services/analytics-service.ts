import type { Clock } from '../domain/clock.ts';
import { appError } from '../domain/errors.ts';
import type { Micros } from '../domain/money.ts';
import type {
  AgentBudget,
  BudgetsInput,
  BudgetsReport,
  SpendInput,
  SpendReport,
  SpendRow,
  SpendTotals,
  TopCallsInput,
} from '../contract/ops/analytics.ts';
import type { CallRecord } from '../contract/ops/usage.ts';
import type { AgentView } from './agent-service.ts';
import { localGrid, UNIT_MS, unitKey, type LocalGrid, type OffsetSegment, type TimeRange } from './local-grid.ts';

export type { OffsetSegment, TimeRange } from './local-grid.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Longest ranges a report may bucket: about ten years of days, a quarter of hours. */
const MAX_RANGE = { day: 3_700 * DAY, hour: 93 * DAY };
/** A burn rate is measured over at least this long, so one call just after creation is not read as a runaway. */
export const MIN_BURN_WINDOW = HOUR;
/**
 * Relative costs of the two ways to bucket by time, as bench/analytics.ts measures them: a seek per (combo, bucket)
 * pair costs about 3.5 times what sorting one call does. Seeks win on a busy ledger (a year by day: 20k pairs for
 * a million calls); sorting wins when most pairs would be empty (months by hour, small ledgers).
 */
const SEEK_COST = 3.5;
const SORT_COST = 1;

/** One (agent, provider, model) the ledger has recorded calls for; provider null: refused before one was chosen. */
export interface LedgerCombo {
  agent: string;
  provider: string | null;
  model: string;
}

/** A combo and the report row (without its time bucket) its calls add to. */
export interface GroupedCombo extends LedgerCombo {
  group: number;
}

/** A time range and the bucket it belongs to. */
export interface SlotRange extends TimeRange {
  bucket: number;
}

/** Totals of one report group: `group * buckets + bucket`. */
export interface GroupCell extends SpendTotals {
  group: number;
}

/** Totals of one group in one local unit: `floor((startedAt + offsetMs) / unitMs)`. */
export interface UnitCell extends GroupCell {
  unit: number;
  /** The offset the unit was counted at when grouped by offset, else 0. */
  offsetMs: number;
}

/** Local days or hours counted in SQL from the zone's offsets, instead of one range per bucket. */
export interface UnitQuery {
  range: TimeRange;
  unitMs: number;
  /** Sorted, covering `range`. */
  segments: readonly OffsetSegment[];
  /** Hours: the hour repeated when clocks go back is two units. */
  byOffset: boolean;
}

/** Read-only aggregate queries over the calls ledger. */
export interface AnalyticsQueries {
  /** Every (agent, provider, model) recorded, or one agent's. */
  combos(agent?: string): LedgerCombo[];
  /** About how many calls started in the range, in constant time. */
  estimateCalls(range: TimeRange): number;
  /**
   * Totals per (combo group, range bucket), non-empty ones only, as `group * buckets + bucket`. The ranges must not
   * overlap. Costs a seek per (combo, range) pair.
   */
  sumsByRange(combos: readonly GroupedCombo[], ranges: readonly SlotRange[], buckets: number): GroupCell[];
  /** Totals per (combo group, local unit), non-empty ones only. Costs a sort of every call in the range. */
  sumsByUnit(combos: readonly GroupedCombo[], query: UnitQuery): UnitCell[];
  /** The most expensive calls (cost > 0) of these combos started in the range, most expensive first. */
  topCalls(combos: readonly LedgerCombo[], range: TimeRange, limit: number): CallRecord[];
}

export interface AnalyticsServiceDeps {
  queries: AnalyticsQueries;
  /** Agents with their current budget window. */
  agents: { list(): AgentView[] };
  clock: Clock;
  /** Forces one way of bucketing by time instead of the cheaper one; tests and the benchmark compare them. */
  bucketing?: 'seek' | 'sort';
}

/** Settled spend per day over `[since, now)`, measured over at least MIN_BURN_WINDOW. */
export function burnPerDay(spent: Micros, since: number, now: number): number {
  return Math.round((spent * DAY) / Math.max(now - since, MIN_BURN_WINDOW));
}

/**
 * When `remaining` runs out if spending goes on as it did over `[since, now)`: now when nothing remains, null when
 * nothing was spent (or the date is beyond any calendar).
 */
export function projectExhaustion(remaining: Micros, spent: Micros, since: number, now: number): number | null {
  if (remaining <= 0) return now;
  if (spent <= 0) return null;
  const at = now + Math.ceil((remaining * Math.max(now - since, MIN_BURN_WINDOW)) / spent);
  return Number.isSafeInteger(at) ? at : null;
}

/** Whether bucketing by seeks (one per combo and bucket) is expected to beat sorting every call in the range. */
export function seekBeatsSort(pairs: number, estimatedCalls: number): boolean {
  return pairs * SEEK_COST <= estimatedCalls * SORT_COST;
}

function emptyTotals(): SpendTotals {
  return { calls: 0, refused: 0, costMicros: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };
}

function addTotals(into: SpendTotals, from: SpendTotals): void {
  into.calls += from.calls;
  into.refused += from.refused;
  into.costMicros += from.costMicros;
  into.inputTokens += from.inputTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.cacheWriteTokens += from.cacheWriteTokens;
  into.outputTokens += from.outputTokens;
}

function compareKeys(a: string | null | undefined, b: string | null | undefined): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return a < b ? -1 : 1;
}

/** Spend reports, budget burn and top calls, over the calls ledger. */
export class AnalyticsService {
  constructor(private readonly d: AnalyticsServiceDeps) {}

  /** Spend and tokens over `[since, until)`, grouped by any of agent, provider, model and local day or hour. */
  spend(input: SpendInput, timeZone: string): SpendReport {
    const range = this.range(input.since, input.until);
    const groupBy = [...new Set(input.groupBy)];
    const unit = groupBy.includes('hour') ? 'hour' : groupBy.includes('day') ? 'day' : null;
    if (unit !== null && range.end - range.start > MAX_RANGE[unit]) {
      throw appError('INVALID_INPUT', unit === 'day' ? 'group by day over at most 3,700 days' : 'group by hour over at most 93 days');
    }
    const grid = unit === null ? null : localGrid(unit, timeZone, range.start, range.end);
    // Each combo joins the report row its grouping dimensions pick; SQL sums straight into those rows.
    const by = { agent: groupBy.includes('agent'), provider: groupBy.includes('provider'), model: groupBy.includes('model') };
    const groupOf = new Map<string, number>();
    const keys: Pick<SpendRow, 'agent' | 'provider' | 'model'>[] = [];
    const combos: GroupedCombo[] = this.d.queries.combos(input.agent).map((c) => {
      const key = JSON.stringify([by.agent && c.agent, by.provider && c.provider, by.model && c.model]);
      let group = groupOf.get(key);
      if (group === undefined) {
        group = keys.push({ ...(by.agent ? { agent: c.agent } : {}), ...(by.provider ? { provider: c.provider } : {}), ...(by.model ? { model: c.model } : {}) }) - 1;
        groupOf.set(key, group);
      }
      return { ...c, group };
    });
    const buckets = grid?.buckets ?? [];
    const totals = emptyTotals();
    const rows: SpendRow[] = [];
    for (const cell of combos.length === 0 ? [] : this.cells(combos, range, grid)) {
      const { group, bucket, sums } = cell;
      const row: SpendRow = Object.assign(emptyTotals(), keys[group]);
      addTotals(row, sums);
      const b = buckets[bucket];
      if (b) {
        row.bucket = b.label;
        row.bucketStart = b.start;
      }
      rows.push(row);
      addTotals(totals, sums);
    }
    rows.sort(
      (a, b) =>
        (a.bucketStart ?? 0) - (b.bucketStart ?? 0) ||
        b.costMicros - a.costMicros ||
        compareKeys(a.agent, b.agent) ||
        compareKeys(a.provider, b.provider) ||
        compareKeys(a.model, b.model),
    );
    return { timeZone, since: range.start, until: range.end, groupBy, rows, totals, buckets };
  }

  /** Every agent's budget window, with its burn rate over the trailing window and when it would run out. */
  budgets(input: BudgetsInput): BudgetsReport {
    const now = this.d.clock.now();
    const agents = this.d.agents.list().map((a): AgentBudget => {
      const since = Math.min(now, Math.max(now - input.windowDays * DAY, a.createdAt));
      const combos = since < now ? this.d.queries.combos(a.name).map((c) => ({ ...c, group: 0 })) : [];
      const spent = this.d.queries.sumsByRange(combos, [{ start: since, end: now, bucket: 0 }], 1).reduce((s, c) => s + c.costMicros, 0);
      const projected = projectExhaustion(a.budget.remainingMicros, spent, since, now);
      return {
        agent: a.name,
        status: a.status,
        period: a.period,
        periodKey: a.budget.periodKey,
        limitMicros: a.budget.limitMicros,
        spentMicros: a.budget.spentMicros,
        reservedMicros: a.budget.reservedMicros,
        remainingMicros: a.budget.remainingMicros,
        resetsAt: a.budget.resetsAt,
        burnMicrosPerDay: burnPerDay(spent, since, now),
        burnSince: since,
        projectedExhaustionAt: projected,
        exhaustsBeforeReset: projected !== null && (a.budget.resetsAt === null || projected < a.budget.resetsAt),
      };
    });
    return { at: now, windowDays: input.windowDays, agents };
  }

  /** The most expensive calls started in `[since, until)`. */
  topCalls(input: TopCallsInput): CallRecord[] {
    const range = this.range(input.since, input.until);
    const combos = this.d.queries.combos(input.agent);
    return this.d.queries.topCalls(combos, range, input.limit);
  }

  /** Totals per report group and time bucket (0 when not bucketed by time), by whichever query is cheaper here. */
  private cells(combos: GroupedCombo[], range: TimeRange, grid: LocalGrid | null): { group: number; bucket: number; sums: SpendTotals }[] {
    if (grid === null) return this.d.queries.sumsByRange(combos, [{ ...range, bucket: 0 }], 1).map((c) => ({ group: c.group, bucket: 0, sums: c }));
    const n = grid.buckets.length;
    const forced = this.d.bucketing;
    const useSeek = forced ? forced === 'seek' : seekBeatsSort(combos.length * grid.ranges.length, this.d.queries.estimateCalls(range));
    if (useSeek) {
      return this.d.queries.sumsByRange(combos, grid.ranges, n).map((c) => ({ group: Math.floor(c.group / n), bucket: c.group % n, sums: c }));
    }
    const cells = this.d.queries.sumsByUnit(combos, { range, unitMs: UNIT_MS[grid.unit], segments: grid.segments, byOffset: grid.unit === 'hour' });
    // A bucket's units arrive as one group each (a local day split by an offset change is still one unit).
    const merged = new Map<number, { group: number; bucket: number; sums: SpendTotals }>();
    for (const c of cells) {
      const bucket = grid.byKey.get(unitKey(grid.unit, c.unit, c.offsetMs));
      if (bucket === undefined) throw appError('INTERNAL', 'a call fell outside every local bucket');
      const id = c.group * n + bucket;
      const into = merged.get(id);
      if (into) addTotals(into.sums, c);
      else merged.set(id, { group: c.group, bucket, sums: c });
    }
    return [...merged.values()];
  }

  private range(since: number, until: number | undefined): TimeRange {
    const end = until ?? this.d.clock.now();
    if (end <= since) throw appError('INVALID_INPUT', '`until` must be after `since`');
    return { start: since, end };
  }
}
