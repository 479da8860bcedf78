import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/clock.ts';
import { PeriodCalendar, periodWindow, type BudgetPeriod } from '../../domain/period.ts';
import { AgentService } from '../../services/agent-service.ts';
import { AnalyticsService } from '../../services/analytics-service.ts';
import { nodeTokenMinter } from '../token-minter.ts';
import { openStore, type Store } from './open-store.ts';
import { SUMS_BY_RANGE_SQL, TOP_CALLS_SQL } from './sqlite-analytics.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string): number => Date.parse(iso);

let dir: string;
let store: Store;
let clock: ManualClock;
let agents: AgentService;
let analytics: AnalyticsService;
const ids = new Map<string, { id: string; period: BudgetPeriod }>();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'analytics-test-'));
  store = openStore(dir, 'instance-a');
  clock = new ManualClock(utc('2025-01-01T00:00Z'));
  const calendar = new PeriodCalendar('UTC');
  agents = new AgentService({ agents: store.agents, providers: store.providers, ledger: store.ledger, audit: store.audit, minter: nodeTokenMinter, clock, calendar });
  analytics = new AnalyticsService({ queries: store.analytics, agents, clock });
  ids.clear();
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function agent(name: string, budgetMicros = 1_000_000_000, period: BudgetPeriod = 'total', createdAt = clock.now()): void {
  const saved = clock.now();
  clock.set(createdAt);
  const { agent: a } = agents.create({ name, budgetMicros, period }, 'test');
  clock.set(saved);
  ids.set(name, { id: a.id, period });
}

let seq = 0;
interface CallSpec {
  agent: string;
  at: string;
  provider?: string;
  model?: string;
  state?: 'settled' | 'released' | 'refused' | 'reserved';
  cost?: number;
  input?: number;
  cacheRead?: number;
  cacheWrite?: number;
  output?: number;
}

/** Records a call through the real ledger: reserve then settle or release, or a refusal. */
function call(c: CallSpec): string {
  const a = ids.get(c.agent)!;
  const at = utc(c.at);
  const callId = `call-${++seq}`;
  const base = { callId, agentId: a.id, agentName: c.agent, endpoint: '/v1/chat/completions', model: c.model ?? 'gpt-4o', periodKey: periodWindow(a.period, at, 'UTC').key };
  const state = c.state ?? 'settled';
  if (state === 'refused') {
    store.ledger.refuse({ ...base, outcome: 'budget_exceeded', httpStatus: 402, at });
    return callId;
  }
  const cost = c.cost ?? 0;
  const ok = store.ledger.reserve({ ...base, providerId: 'p', providerName: c.provider ?? 'openai', stream: false, amount: Math.max(cost, 1), startedAt: at, requestBody: null });
  if (!ok) throw new Error('test agent out of budget');
  if (state === 'released') store.ledger.release(callId, 'upstream_error', 502, at + 10, 10);
  if (state === 'settled') {
    const usage = { inputTokens: c.input ?? 0, cacheReadTokens: c.cacheRead ?? 0, cacheWriteTokens: c.cacheWrite ?? 0, outputTokens: c.output ?? 0, reasoningTokens: 0 };
    store.ledger.settle(callId, { usage, cost, outcome: 'ok', httpStatus: 200, usageEstimated: false, finishedAt: at + 10, latencyMs: 10, responseBody: null });
  }
  return callId;
}

const zero = { calls: 0, refused: 0, costMicros: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };

describe('analytics.spend over a hand-made ledger (Europe/Paris, across the spring DST change)', () => {
  // Local days 2025-03-29 .. 2025-03-31 in Paris; 03-30 has 23 hours.
  const since = utc('2025-03-28T23:00Z');
  const until = utc('2025-03-31T22:00Z');
  beforeEach(() => {
    agent('alpha');
    agent('beta');
    call({ agent: 'alpha', at: '2025-03-29T22:30Z', cost: 1_000, input: 100, cacheRead: 10, output: 50 }); // 03-29 23:30 +01
    call({ agent: 'alpha', at: '2025-03-29T23:30Z', cost: 2_000, input: 200, output: 70 }); // 03-30 00:30 +01
    call({ agent: 'alpha', at: '2025-03-30T21:30Z', provider: 'anthropic', model: 'claude', cost: 4_000, input: 300, cacheRead: 20, cacheWrite: 30, output: 90 }); // 03-30 23:30 +02
    call({ agent: 'alpha', at: '2025-03-30T10:00Z', state: 'released' });
    call({ agent: 'alpha', at: '2025-03-30T11:00Z', state: 'refused' });
    call({ agent: 'beta', at: '2025-03-30T22:00Z', model: 'gpt-4o-mini', cost: 500, input: 1_000, output: 10 }); // 03-31 00:00 +02
    call({ agent: 'beta', at: '2025-03-31T09:00Z', model: 'claude', state: 'refused' });
    call({ agent: 'beta', at: '2025-03-31T22:00Z', model: 'gpt-4o-mini', cost: 8_000 }); // 04-01: outside
    call({ agent: 'beta', at: '2025-03-28T22:59Z', model: 'gpt-4o-mini', cost: 16_000 }); // 03-28: outside
  });

  it('sums every call in the range exactly; refused calls are counted apart and cost nothing', () => {
    const r = analytics.spend({ since, until, groupBy: [] }, 'Europe/Paris');
    const totals = { calls: 5, refused: 2, costMicros: 7_500, inputTokens: 1_600, cacheReadTokens: 30, cacheWriteTokens: 30, outputTokens: 220 };
    expect(r.totals).toEqual(totals);
    expect(r.rows).toEqual([totals]);
    expect(r.buckets).toEqual([]);
  });

  it.each(['seek', 'sort'] as const)('groups by local day, not UTC day (bucketing by %s)', (bucketing) => {
    const r = new AnalyticsService({ queries: store.analytics, agents, clock, bucketing }).spend({ since, until, groupBy: ['day'] }, 'Europe/Paris');
    expect(r.buckets).toEqual([
      { start: utc('2025-03-28T23:00Z'), end: utc('2025-03-29T23:00Z'), label: '2025-03-29' },
      { start: utc('2025-03-29T23:00Z'), end: utc('2025-03-30T22:00Z'), label: '2025-03-30' },
      { start: utc('2025-03-30T22:00Z'), end: utc('2025-03-31T22:00Z'), label: '2025-03-31' },
    ]);
    expect(r.rows).toEqual([
      { ...zero, bucket: '2025-03-29', bucketStart: utc('2025-03-28T23:00Z'), calls: 1, costMicros: 1_000, inputTokens: 100, cacheReadTokens: 10, outputTokens: 50 },
      { bucket: '2025-03-30', bucketStart: utc('2025-03-29T23:00Z'), calls: 3, refused: 1, costMicros: 6_000, inputTokens: 500, cacheReadTokens: 20, cacheWriteTokens: 30, outputTokens: 160 },
      { ...zero, bucket: '2025-03-31', bucketStart: utc('2025-03-30T22:00Z'), calls: 1, refused: 1, costMicros: 500, inputTokens: 1_000, outputTokens: 10 },
    ]);
  });

  it('groups by agent, by provider, and by agent, provider and model', () => {
    const byAgent = analytics.spend({ since, until, groupBy: ['agent'] }, 'Europe/Paris');
    expect(byAgent.rows.map((r) => [r.agent, r.calls, r.refused, r.costMicros])).toEqual([
      ['alpha', 4, 1, 7_000],
      ['beta', 1, 1, 500],
    ]);
    const byProvider = analytics.spend({ since, until, groupBy: ['provider'] }, 'Europe/Paris');
    expect(byProvider.rows.map((r) => [r.provider, r.calls, r.refused, r.costMicros])).toEqual([
      ['anthropic', 1, 0, 4_000],
      ['openai', 4, 0, 3_500],
      [null, 0, 2, 0],
    ]);
    const all = analytics.spend({ since, until, groupBy: ['agent', 'provider', 'model'] }, 'Europe/Paris');
    expect(all.rows.map((r) => [r.agent, r.provider, r.model, r.calls, r.refused, r.costMicros])).toEqual([
      ['alpha', 'anthropic', 'claude', 1, 0, 4_000],
      ['alpha', 'openai', 'gpt-4o', 3, 0, 3_000],
      ['beta', 'openai', 'gpt-4o-mini', 1, 0, 500],
      ['alpha', null, 'gpt-4o', 0, 1, 0],
      ['beta', null, 'claude', 0, 1, 0],
    ]);
    expect(all.totals.costMicros).toBe(7_500);
  });

  it('filters by agent and groups by model and day together', () => {
    const r = analytics.spend({ since, until, groupBy: ['model', 'day'], agent: 'alpha' }, 'Europe/Paris');
    expect(r.rows.map((x) => [x.bucket, x.model, x.calls, x.refused, x.costMicros])).toEqual([
      ['2025-03-29', 'gpt-4o', 1, 0, 1_000],
      ['2025-03-30', 'claude', 1, 0, 4_000],
      ['2025-03-30', 'gpt-4o', 2, 1, 2_000],
    ]);
    expect(analytics.spend({ since, until, groupBy: [], agent: 'nobody' }, 'Europe/Paris').rows).toEqual([]);
  });

  it('defaults `until` to now and refuses an empty range', () => {
    clock.set(until);
    expect(analytics.spend({ since, groupBy: [] }, 'Europe/Paris').totals.costMicros).toBe(7_500);
    expect(() => analytics.spend({ since: until, until: since, groupBy: [] }, 'Europe/Paris')).toThrow(/after/);
  });

  it('refuses hour buckets over more than 93 days', () => {
    expect(() => analytics.spend({ since, until: since + 94 * DAY, groupBy: ['hour'] }, 'UTC')).toThrow(/93 days/);
  });

  it('lists the most expensive calls, without refused or free ones', () => {
    const top = analytics.topCalls({ since, until, limit: 10 });
    expect(top.map((c) => c.costMicros)).toEqual([4_000, 2_000, 1_000, 500]);
    expect(top[0]).toMatchObject({ agentName: 'alpha', providerName: 'anthropic', model: 'claude', state: 'settled', stream: false, usageEstimated: false, inputTokens: 300 });
    expect(analytics.topCalls({ since, until, limit: 2 }).map((c) => c.costMicros)).toEqual([4_000, 2_000]);
    expect(analytics.topCalls({ since, until, limit: 10, agent: 'beta' }).map((c) => c.costMicros)).toEqual([500]);
  });
});

describe('analytics.spend hour and day buckets in other zones', () => {
  beforeEach(() => agent('a'));

  it.each(['seek', 'sort'] as const)('keeps the two 02:00 hours of the autumn change apart (bucketing by %s)', (bucketing) => {
    call({ agent: 'a', at: '2025-10-26T00:30Z', cost: 1 });
    call({ agent: 'a', at: '2025-10-26T00:59Z', cost: 2 });
    call({ agent: 'a', at: '2025-10-26T01:30Z', cost: 4 });
    const r = new AnalyticsService({ queries: store.analytics, agents, clock, bucketing }).spend({ since: utc('2025-10-26T00:00Z'), until: utc('2025-10-26T02:00Z'), groupBy: ['hour'] }, 'Europe/Paris');
    expect(r.rows.map((x) => [x.bucket, x.calls, x.costMicros])).toEqual([
      ['2025-10-26T02:00+02:00', 2, 3],
      ['2025-10-26T02:00+01:00', 1, 4],
    ]);
  });

  it('splits Kolkata days at 18:30 UTC', () => {
    call({ agent: 'a', at: '2025-06-14T18:29:59.999Z', cost: 1 });
    call({ agent: 'a', at: '2025-06-14T18:30Z', cost: 2 });
    const r = analytics.spend({ since: utc('2025-06-14T00:00Z'), until: utc('2025-06-16T00:00Z'), groupBy: ['day'] }, 'Asia/Kolkata');
    expect(r.rows.map((x) => [x.bucket, x.costMicros])).toEqual([
      ['2025-06-14', 1],
      ['2025-06-15', 2],
    ]);
  });
});

describe('the two ways of bucketing by time', () => {
  it('give the same report, across both DST changes and in half-hour zones', () => {
    agent('a');
    agent('b');
    // Calls every 37 minutes for ten days around each change, on a few combos.
    const models = ['m1', 'm2', 'm3'];
    for (const start of [utc('2025-03-25T00:00Z'), utc('2025-10-21T00:00Z')]) {
      for (let t = start, i = 0; t < start + 10 * DAY; t += 37 * 60_000, i++) {
        const state = i % 17 === 0 ? 'refused' : i % 13 === 0 ? 'released' : 'settled';
        call({ agent: i % 3 === 0 ? 'b' : 'a', at: new Date(t).toISOString(), model: models[i % 3], state, cost: i % 7, input: i, output: 1 });
      }
    }
    const seek = new AnalyticsService({ queries: store.analytics, agents, clock, bucketing: 'seek' });
    const sort = new AnalyticsService({ queries: store.analytics, agents, clock, bucketing: 'sort' });
    for (const zone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC']) {
      for (const groupBy of [['day'], ['hour'], ['agent', 'model', 'day'], ['provider', 'hour']] as const) {
        for (const [since, until] of [
          [utc('2025-03-24T07:13Z'), utc('2025-04-05T00:00Z')],
          [utc('2025-10-20T00:00Z'), utc('2025-11-01T05:30Z')],
        ]) {
          const input = { since: since!, until: until!, groupBy: [...groupBy] };
          const a = seek.spend(input, zone);
          expect(a.totals.calls).toBeGreaterThan(0);
          expect(sort.spend(input, zone), `${zone} ${groupBy.join('+')}`).toEqual(a);
        }
      }
    }
  });
});

describe('analytics.budgets', () => {
  const now = utc('2025-06-15T12:00Z');

  it('reports each agent\'s window, burn rate over the trailing week and projected exhaustion', () => {
    agent('steady', 20_000_000, 'monthly', utc('2025-05-20T00:00Z'));
    agent('fresh', 5_000_000, 'daily', now - 2 * DAY);
    agent('idle', 1_000_000, 'total', utc('2025-05-01T00:00Z'));
    for (let d = 1; d <= 14; d++) call({ agent: 'steady', at: `2025-06-${String(d).padStart(2, '0')}T12:00Z`, cost: 1_000_000 });
    call({ agent: 'steady', at: '2025-06-15T11:59Z', state: 'reserved', cost: 500_000 });
    call({ agent: 'steady', at: '2025-06-15T11:00Z', state: 'refused' });
    call({ agent: 'fresh', at: '2025-06-14T08:00Z', cost: 1_000_000 });
    clock.set(now);

    const r = analytics.budgets({ windowDays: 7 });
    expect(r.at).toBe(now);
    const [fresh, idle, steady] = [...r.agents].sort((a, b) => a.agent.localeCompare(b.agent));
    expect(steady).toEqual({
      agent: 'steady',
      status: 'active',
      period: 'monthly',
      periodKey: '2025-06',
      limitMicros: 20_000_000,
      spentMicros: 14_000_000,
      reservedMicros: 500_000,
      remainingMicros: 5_500_000,
      resetsAt: utc('2025-07-01T00:00Z'),
      burnMicrosPerDay: 1_000_000,
      burnSince: now - 7 * DAY,
      projectedExhaustionAt: now + 5.5 * DAY,
      exhaustsBeforeReset: true,
    });
    expect(fresh).toMatchObject({
      spentMicros: 0,
      remainingMicros: 5_000_000,
      resetsAt: utc('2025-06-16T00:00Z'),
      burnSince: now - 2 * DAY,
      burnMicrosPerDay: 500_000,
      projectedExhaustionAt: now + 10 * DAY,
      exhaustsBeforeReset: false,
    });
    expect(idle).toMatchObject({ burnMicrosPerDay: 0, projectedExhaustionAt: null, exhaustsBeforeReset: false, resetsAt: null });
  });
});

describe('SqliteAnalytics', () => {
  it('finds every (agent, provider, model) with a loose index scan, refused ones (no provider) included', () => {
    for (const name of ['a', 'b', 'c']) agent(name);
    const at = '2025-01-02T00:00Z';
    for (const [name, provider, model, state] of [
      ['a', 'openai', 'm2', 'settled'],
      ['a', 'openai', 'm1', 'settled'],
      ['a', 'anthropic', 'm1', 'settled'],
      ['a', 'x', 'm9', 'refused'],
      ['a', 'x', 'm3', 'refused'],
      ['c', 'openai', 'm1', 'released'],
      ['c', 'x', 'm1', 'refused'],
    ] as const) {
      for (let i = 0; i < 3; i++) call({ agent: name, at, provider, model, state });
    }
    const expected = store.db
      .prepare('SELECT DISTINCT agent_name AS agent, provider_name AS provider, model FROM calls ORDER BY 1, 2, 3')
      .all();
    expect(store.analytics.combos()).toEqual(expected);
    expect(store.analytics.combos('c')).toEqual([
      { agent: 'c', provider: null, model: 'm1' },
      { agent: 'c', provider: 'openai', model: 'm1' },
    ]);
    expect(store.analytics.combos('b')).toEqual([]);
  });

  it('reads the covering index in group order: no query sorts the ledger', () => {
    const plan = (sql: string, params: object): string =>
      store.db
        .prepare<object, { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(params)
        .map((r) => r.detail)
        .join(' | ');
    const sums = plan(SUMS_BY_RANGE_SQL, { combos: '[["a",null,"m",0]]', ranges: '[[0,1,0]]', slots: 1, buckets: 1 });
    expect(sums).toContain('COVERING INDEX calls_analytics');
    // Only the pairs' totals are grouped (by a sort), never the calls: the scan of the index is not followed by one.
    expect(sums).not.toMatch(/calls_analytics[^|]*\| USE TEMP B-TREE/);
    const top = plan(TOP_CALLS_SQL, { combos: '[["a",null,"m",0]]', since: 0, until: 1, limit: 5 });
    expect(top).toContain('COVERING INDEX calls_analytics');
  });
});
