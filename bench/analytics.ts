/**
 * `node --import tsx bench/analytics.ts [--calls 1000000] [--quick] [--runs N] [--tz ZONE]`: how fast the analytics
 * queries answer over a generated year of calls, and what their index costs each call on the hot path.
 *
 * Generates a skewed year of calls (agents, providers, models, working hours, growth) into a temporary SQLite
 * database opened exactly as the gateway opens it, times each query as the contract serves it (service plus output
 * validation) on a fresh connection with default settings, prints a Markdown table and writes
 * bench/results/analytics.json (other sizes and --quick: analytics.<calls>.json.tmp). Removes its database.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tzOffset } from '@date-fns/tz';
import type { z } from 'zod';
import { ManualClock } from '../core/src/domain/clock.ts';
import { PeriodCalendar, type BudgetPeriod } from '../core/src/domain/period.ts';
import { MIGRATIONS } from '../core/src/node/db/migrations.ts';
import { DATABASE_FILE, openStore, type Store } from '../core/src/node/store/open-store.ts';
import { nodeTokenMinter } from '../core/src/node/token-minter.ts';
import { AgentService } from '../core/src/services/agent-service.ts';
import { AnalyticsService, seekBeatsSort } from '../core/src/services/analytics-service.ts';
import { localGrid } from '../core/src/services/local-grid.ts';
import { BudgetsInputSchema, BudgetsReportSchema, SpendInputSchema, SpendReportSchema, TopCallsInputSchema, type SpendInput } from '../core/src/contract/ops/analytics.ts';
import { CallRecordSchema } from '../core/src/contract/ops/usage.ts';

const { values: args } = parseArgs({
  options: { calls: { type: 'string' }, quick: { type: 'boolean' }, runs: { type: 'string' }, tz: { type: 'string' } },
});
const QUICK = args.quick === true;
const CALLS = Number(args.calls ?? (QUICK ? 50_000 : 1_000_000));
const RUNS = Number(args.runs ?? (QUICK ? 5 : 20));
const TZ = args.tz ?? 'Europe/Paris';
const WRITE_PAIRS = QUICK ? 300 : 2_000;
const WRITE_ROUNDS = QUICK ? 4 : 10;
/** The statements alone are cheap: more of them per round, for a steadier figure. */
const STATEMENT_PAIRS = WRITE_PAIRS * 5;
if (!Number.isSafeInteger(CALLS) || CALLS < 1_000 || CALLS > 20_000_000) throw new Error('--calls must be 1,000..20,000,000');
if (!Number.isSafeInteger(RUNS) || RUNS < 1 || RUNS > 200) throw new Error('--runs must be 1..200');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** "Now" for the whole run: the generated year ends here. */
const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
const YEAR_START = NOW - 365 * DAY;
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

function log(message: string): void {
  console.log(`[analytics ${(performance.now() / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

// --- the generated ledger ------------------------------------------------------------------------------------

/** Provider, then USD per million tokens: input, output, cache read, cache write. */
const MODELS: Record<string, [string, number, number, number, number]> = {
  'gpt-4o-mini': ['openai', 0.15, 0.6, 0.075, 0],
  'gpt-4o': ['openai', 2.5, 10, 1.25, 0],
  'o3-mini': ['openai', 1.1, 4.4, 0.55, 0],
  'text-embedding-3-small': ['openai', 0.02, 0, 0, 0],
  'claude-sonnet-4': ['anthropic', 3, 15, 0.3, 3.75],
  'claude-3-5-haiku': ['anthropic', 0.8, 4, 0.08, 1],
  'claude-opus-4': ['anthropic', 15, 75, 1.5, 18.75],
  'llama3.1:8b': ['ollama', 0, 0, 0, 0],
};
/** Twelve agents, Zipf-weighted; each uses a few models, one much more than the others. */
const AGENTS: { name: string; period: BudgetPeriod; models: [string, number][] }[] = [
  { name: 'support-bot', period: 'monthly', models: [['gpt-4o-mini', 70], ['text-embedding-3-small', 25], ['claude-3-5-haiku', 5]] },
  { name: 'code-review', period: 'monthly', models: [['claude-sonnet-4', 80], ['claude-opus-4', 5], ['gpt-4o', 15]] },
  { name: 'research-agent', period: 'weekly', models: [['claude-opus-4', 20], ['claude-sonnet-4', 50], ['o3-mini', 30]] },
  { name: 'triage', period: 'daily', models: [['gpt-4o-mini', 90], ['llama3.1:8b', 10]] },
  { name: 'sales-assist', period: 'monthly', models: [['gpt-4o', 60], ['gpt-4o-mini', 40]] },
  { name: 'docs-writer', period: 'monthly', models: [['claude-sonnet-4', 70], ['claude-3-5-haiku', 30]] },
  { name: 'data-cleaner', period: 'daily', models: [['llama3.1:8b', 60], ['gpt-4o-mini', 40]] },
  { name: 'ci-fixer', period: 'weekly', models: [['o3-mini', 70], ['gpt-4o', 30]] },
  { name: 'search-indexer', period: 'total', models: [['text-embedding-3-small', 100]] },
  { name: 'eval-runner', period: 'monthly', models: [['gpt-4o', 30], ['claude-sonnet-4', 30], ['o3-mini', 20], ['claude-3-5-haiku', 20]] },
  { name: 'intern-sandbox', period: 'daily', models: [['gpt-4o-mini', 50], ['claude-3-5-haiku', 50]] },
  { name: 'nightly-report', period: 'monthly', models: [['claude-opus-4', 100]] },
];

/** Deterministic PRNG (mulberry32), so every run generates the same ledger. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20260315);
const lognormal = (median: number, sigma: number): number => {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.round(median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
};
function pick<T>(items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}

/** Call start times over the year: busier on working hours and weekdays, growing threefold over the year. */
function timestamps(n: number): Float64Array {
  const out = new Float64Array(n);
  const offset = tzOffset(TZ, new Date(YEAR_START)) * 60_000; // the shape needs no DST precision
  let i = 0;
  while (i < n) {
    const t = YEAR_START + random() * 365 * DAY;
    const local = new Date(t + offset);
    const hour = local.getUTCHours();
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    const w = (hour >= 8 && hour < 19 ? 1 : 0.15) * (weekend ? 0.3 : 1) * (0.5 + (t - YEAR_START) / (365 * DAY));
    if (random() * 1.5 < w) out[i++] = Math.floor(t);
  }
  return out.sort();
}

function generate(store: Store, calendar: PeriodCalendar): { agentIds: Map<string, string> } {
  const agentIds = new Map<string, string>();
  for (const a of AGENTS) {
    const id = randomUUID();
    store.agents.create(id, { name: a.name, budgetMicros: 1, period: a.period, allowedModels: null, providers: { openai: null, anthropic: null }, logBodies: false }, YEAR_START - 30 * DAY);
    agentIds.set(a.name, id);
  }
  const providerIds = new Map(['openai', 'anthropic', 'ollama'].map((p) => [p, randomUUID()]));
  const weights = AGENTS.map((a, i) => [a, 1 / (i + 1) ** 1.1] as const);
  const insert = store.db.prepare(
    `INSERT INTO calls (id, agent_id, agent_name, provider_id, provider_name, endpoint, model, stream, period_key, state,
       reserved_micros, cost_micros, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
       outcome, http_status, usage_estimated, started_at, finished_at, latency_ms, instance_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')`,
  );
  const times = timestamps(CALLS);
  store.db.transaction(() => {
    times.forEach((t, i) => {
      const a = pick(weights);
      const model = pick(a.models);
      const [provider, pin, pout, pcr, pcw] = MODELS[model]!;
      const embedding = model.startsWith('text-embedding');
      const roll = random();
      const inFlight = i >= CALLS - 5;
      const state = inFlight ? 'reserved' : roll < 0.025 ? 'refused' : roll < 0.04 ? 'released' : 'settled';
      const settled = state === 'settled';
      const prompt = Math.max(1, lognormal(embedding ? 300 : 1_800, 1));
      const cacheRead = settled && !embedding && random() < 0.3 ? Math.floor(prompt * 0.6) : 0;
      const cacheWrite = settled && provider === 'anthropic' && random() < 0.1 ? Math.floor(prompt * 0.3) : 0;
      const input = settled ? prompt - cacheRead - cacheWrite : 0;
      const output = settled && !embedding ? Math.max(1, lognormal(350, 0.9)) : 0;
      const cost = settled ? Math.ceil(input * pin + output * pout + cacheRead * pcr + cacheWrite * pcw) : 0;
      const latency = Math.max(50, lognormal(embedding ? 120 : 2_500, 0.7));
      insert.run(
        randomUUID(), agentIds.get(a.name), a.name, state === 'refused' ? null : providerIds.get(provider),
        state === 'refused' ? null : provider, provider === 'anthropic' ? '/v1/messages' : embedding ? '/v1/embeddings' : '/v1/chat/completions',
        model, random() < 0.4 ? 1 : 0, calendar.windowAt(a.period, t).key, state, cost + 5_000, cost,
        input, cacheRead, cacheWrite, output, 0, settled ? 'ok' : state === 'refused' ? 'budget_exceeded' : state === 'released' ? 'upstream_error' : 'in_flight',
        settled ? 200 : state === 'refused' ? 402 : state === 'released' ? 502 : null, settled && random() < 0.003 ? 1 : 0,
        t, inFlight ? null : t + latency, inFlight ? null : latency,
      );
    });
    // Budget windows as the ledger would have kept them; limits leave most agents headroom, one very little.
    store.db.exec(`INSERT INTO budget_usage (agent_id, period_key, spent_micros, reserved_micros)
      SELECT agent_id, period_key, SUM(CASE WHEN state = 'settled' THEN cost_micros ELSE 0 END),
        SUM(CASE WHEN state = 'reserved' THEN reserved_micros ELSE 0 END)
      FROM calls GROUP BY agent_id, period_key`);
    AGENTS.forEach((a, i) => {
      const id = agentIds.get(a.name)!;
      const u = store.db
        .prepare<[string, string], { s: number; r: number }>('SELECT spent_micros AS s, reserved_micros AS r FROM budget_usage WHERE agent_id = ? AND period_key = ?')
        .get(id, calendar.windowAt(a.period, NOW).key);
      const used = (u?.s ?? 0) + (u?.r ?? 0);
      store.db.prepare('UPDATE agents SET budget_micros = ? WHERE id = ?').run(Math.max(1_000_000, Math.ceil(used * (i === 1 ? 1.05 : 1.5 + i / 4))), id);
    });
  })();
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return { agentIds };
}

// --- measurement ---------------------------------------------------------------------------------------------

interface Timing {
  median: number;
  p95: number;
  min: number;
  max: number;
}
const ms = (v: number): number => Math.round(v * 100) / 100;
function timing(values: number[]): Timing {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0;
  return { median: ms(at(0.5)), p95: ms(at(0.95)), min: ms(s[0] ?? 0), max: ms(s.at(-1) ?? 0) };
}

interface QueryResult {
  name: string;
  op: string;
  input: unknown;
  rows: number;
  wallMs: Timing;
  cpuMs: Timing;
}

function measure(name: string, op: string, input: unknown, run: () => unknown[] | { length: number }): QueryResult {
  const wall: number[] = [];
  const cpu: number[] = [];
  let rows = run().length; // warm-up: statements prepared, pages in the OS cache
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    rows = run().length;
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1_000);
  }
  const r = { name, op, input, rows, wallMs: timing(wall), cpuMs: timing(cpu) };
  log(`${name}: median ${r.wallMs.median} ms, p95 ${r.wallMs.p95} ms (${rows} rows)`);
  return r;
}

/** As `dispatch` serves it: input parsed, service called, output checked against the contract. */
function served<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, raw: unknown, call: (parsed: z.output<I>) => unknown): () => z.output<O> {
  return () => output.parse(call(input.parse(raw)));
}

const year = { since: YEAR_START, until: NOW };
const last = (days: number): { since: number; until: number } => ({ since: NOW - days * DAY, until: NOW });

function services(store: Store): { agents: AgentService; service: (bucketing?: 'seek' | 'sort') => AnalyticsService } {
  const clock = new ManualClock(NOW);
  const agents = new AgentService({ agents: store.agents, providers: store.providers, ledger: store.ledger, audit: store.audit, minter: nodeTokenMinter, clock, calendar: new PeriodCalendar(TZ) });
  return { agents, service: (bucketing) => new AnalyticsService({ queries: store.analytics, agents, clock, ...(bucketing ? { bucketing } : {}) }) };
}

function queries(store: Store): QueryResult[] {
  const analytics = services(store).service();
  const spend = (name: string, raw: Record<string, unknown>): QueryResult => {
    const run = served(SpendInputSchema, SpendReportSchema, raw, (i) => analytics.spend(i, TZ));
    return measure(name, 'analytics.spend', raw, () => run().rows);
  };
  const top = (name: string, raw: Record<string, unknown>): QueryResult =>
    measure(name, 'analytics.topCalls', raw, served(TopCallsInputSchema, CallRecordSchema.array(), raw, (i) => analytics.topCalls(i)));
  return [
    spend('spend, year, totals', { ...year }),
    spend('spend, year, by agent', { ...year, groupBy: ['agent'] }),
    spend('spend, year, by provider and model', { ...year, groupBy: ['provider', 'model'] }),
    spend('spend, year, by day', { ...year, groupBy: ['day'] }),
    spend('spend, year, by agent and day', { ...year, groupBy: ['agent', 'day'] }),
    spend('spend, year, by agent, model and day', { ...year, groupBy: ['agent', 'model', 'day'] }),
    spend('spend, year, one agent, by model and day', { ...year, groupBy: ['model', 'day'], agent: 'code-review' }),
    spend('spend, 30 days, by model and day', { ...last(30), groupBy: ['model', 'day'] }),
    spend('spend, 92 days, by hour', { ...last(92), groupBy: ['hour'] }),
    spend('spend, 7 days, by agent and hour', { ...last(7), groupBy: ['agent', 'hour'] }),
    measure('budgets (12 agents, 7-day burn)', 'analytics.budgets', { windowDays: 7 }, () =>
      served(BudgetsInputSchema, BudgetsReportSchema, { windowDays: 7 }, (i) => analytics.budgets(i))().agents,
    ),
    top('top 20 calls, year', { ...year, limit: 20 }),
    top('top 20 calls, year, one agent', { ...year, limit: 20, agent: 'support-bot' }),
    top('top 20 calls, last day', { ...last(1), limit: 20 }),
  ];
}

/** Both ways of bucketing by time, forced, on the bucketed queries: what the cost model in the service chooses from. */
function strategies(store: Store) {
  const { service } = services(store);
  const seek = service('seek');
  const sort = service('sort');
  const cases: [string, SpendInput][] = [
    ['year, by day', { ...year, groupBy: ['day'] }],
    ['year, by agent, model and day', { ...year, groupBy: ['agent', 'model', 'day'] }],
    ['30 days, by model and day', { ...last(30), groupBy: ['model', 'day'] }],
    ['92 days, by hour', { ...last(92), groupBy: ['hour'] }],
    ['7 days, by agent and hour', { ...last(7), groupBy: ['agent', 'hour'] }],
  ];
  const runs = Math.max(3, Math.ceil(RUNS / 4));
  const median = (f: () => unknown): number => {
    f();
    const times = Array.from({ length: runs }, () => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    });
    return timing(times).median;
  };
  return cases.map(([name, input]) => {
    const unit = input.groupBy.includes('hour') ? 'hour' : 'day';
    const pairs = store.analytics.combos().length * localGrid(unit, TZ, input.since, input.until!).ranges.length;
    const estimatedCalls = store.analytics.estimateCalls({ start: input.since, end: input.until! });
    const r = { name, pairs, estimatedCalls, auto: seekBeatsSort(pairs, estimatedCalls) ? 'seek' : 'sort', seekMs: median(() => seek.spend(input, TZ)), sortMs: median(() => sort.spend(input, TZ)) } as const;
    log(`bucketing ${name}: seek ${r.seekMs} ms, sort ${r.sortMs} ms, auto picks ${r.auto}`);
    return r;
  });
}

interface PairCost {
  wallUs: number;
  cpuUs: number;
}

/**
 * What the index costs each call, on two copies of the generated ledger, one with the index and one without it,
 * measured in alternating rounds so that load on the machine falls on both alike. Two paths: the ledger's own
 * reserve + settle (each its own transaction, as in the gateway), and only the two statements that touch the index
 * (INSERT the call, UPDATE it when settled), batched, which isolates what the index adds.
 */
function writeCost(work: string) {
  const dirs = { with: work, without: join(work, 'without-index') };
  mkdirSync(dirs.without);
  copyFileSync(join(work, DATABASE_FILE), join(dirs.without, DATABASE_FILE));
  const stores = { with: openStore(dirs.with, 'bench'), without: openStore(dirs.without, 'bench') };
  stores.without.db.exec('DROP INDEX calls_analytics');
  const id = randomUUID();
  const usage = { inputTokens: 1_500, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 300, reasoningTokens: 0 };
  const base = { agentId: id, agentName: 'write-bench', providerId: 'p', providerName: 'openai', endpoint: '/v1/chat/completions', model: 'gpt-4o-mini', stream: false, periodKey: 'total', amount: 5_000, requestBody: null };
  let at = NOW;
  const paths = Object.fromEntries(
    (['with', 'without'] as const).map((k) => {
      const store = stores[k];
      store.agents.create(id, { name: 'write-bench', budgetMicros: Number.MAX_SAFE_INTEGER, period: 'total', allowedModels: null, providers: { openai: null, anthropic: null }, logBodies: false }, NOW);
      const insert = store.db.prepare(`INSERT INTO calls (id, agent_id, agent_name, provider_id, provider_name, endpoint, model, period_key, state, reserved_micros, outcome, started_at, instance_id)
        VALUES (?, ?, 'write-bench', 'p', 'openai', '/v1/chat/completions', 'gpt-4o-mini', 'total', 'reserved', 5000, 'in_flight', ?, 'bench')`);
      const update = store.db.prepare(`UPDATE calls SET state = 'settled', cost_micros = 405, input_tokens = 1500, output_tokens = 300, outcome = 'ok',
        http_status = 200, finished_at = ?, latency_ms = 900 WHERE id = ?`);
      const ledger = (): void => {
        const callId = randomUUID();
        store.ledger.reserve({ ...base, callId, startedAt: (at += 1_000) });
        store.ledger.settle(callId, { usage, cost: 405, outcome: 'ok', httpStatus: 200, usageEstimated: false, finishedAt: at + 900, latencyMs: 900, responseBody: null });
      };
      const statements = (): void => {
        const callId = randomUUID();
        insert.run(callId, id, (at += 1_000));
        update.run(at + 900, callId);
      };
      const times = (f: () => void, n: number) => (): void => {
        for (let i = 0; i < n; i++) f();
      };
      return [k, { ledger: times(ledger, WRITE_PAIRS), statements: () => store.db.transaction(times(statements, STATEMENT_PAIRS))() }];
    }),
  ) as Record<'with' | 'without', { ledger: () => void; statements: () => void }>;
  /** Runs `n` calls; the cost of one. */
  const round = (calls: () => void, n: number): PairCost => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    calls();
    const c = process.cpuUsage(c0);
    return { wallUs: ((performance.now() - t0) * 1_000) / n, cpuUs: (c.user + c.system) / n };
  };
  const samples = { with: [] as { ledger: PairCost; statements: PairCost }[], without: [] as { ledger: PairCost; statements: PairCost }[] };
  for (let r = -1; r < WRITE_ROUNDS; r++) {
    for (const k of r % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
      const sample = { ledger: round(paths[k].ledger, WRITE_PAIRS), statements: round(paths[k].statements, STATEMENT_PAIRS) };
      if (r >= 0) samples[k].push(sample); // round -1 warms both up
    }
  }
  const t0 = performance.now();
  stores.without.db.exec(MIGRATIONS.find((m) => m.version === 3)!.sql);
  const createIndexMs = Math.round(performance.now() - t0);
  stores.with.close();
  stores.without.close();
  const med = (k: 'with' | 'without', path: 'ledger' | 'statements'): PairCost => ({
    wallUs: timing(samples[k].map((x) => x[path].wallUs)).median,
    cpuUs: timing(samples[k].map((x) => x[path].cpuUs)).median,
  });
  return {
    callsPerRound: { ledger: WRITE_PAIRS, statements: STATEMENT_PAIRS },
    rounds: WRITE_ROUNDS,
    ledgerReserveSettle: { withIndex: med('with', 'ledger'), withoutIndex: med('without', 'ledger') },
    insertUpdateStatements: { withIndex: med('with', 'statements'), withoutIndex: med('without', 'statements') },
    createIndexMs,
  };
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'iron-cage-bench-analytics-'));
  const load0 = loadavg();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      rmSync(work, { recursive: true, force: true });
      process.exit(130);
    });
  }
  try {
    log(`generating ${CALLS.toLocaleString('en-US')} calls over a year into ${work}`);
    let store = openStore(work, 'bench');
    store.db.pragma('cache_size = -512000'); // generation only; queries run on a fresh connection
    const t0 = performance.now();
    generate(store, new PeriodCalendar(TZ));
    const generationMs = Math.round(performance.now() - t0);
    store.close();
    const dbBytes = statSync(join(work, DATABASE_FILE)).size;
    log(`generated in ${(generationMs / 1000).toFixed(1)} s; database ${(dbBytes / 2 ** 20).toFixed(0)} MiB`);

    store = openStore(work, 'bench');
    const indexBytes = store.db.prepare<[], { b: number }>("SELECT SUM(pgsize) AS b FROM dbstat WHERE name = 'calls_analytics'").get()?.b ?? 0;
    const results = queries(store);
    const bucketing = strategies(store);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    log('write cost: reserve + settle, with and without the analytics index');
    const write = writeCost(work);

    const table = [
      `Analytics queries over ${CALLS.toLocaleString('en-US')} calls (${TZ}, ${RUNS} runs each after one warm-up; ms)`,
      '',
      '| query | rows | median | p95 | CPU median |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.name} | ${r.rows} | ${r.wallMs.median} | ${r.wallMs.p95} | ${r.cpuMs.median} |`),
      '',
      `Bucketing by time, both ways forced (median ms over ${Math.max(3, Math.ceil(RUNS / 4))} runs):`,
      '',
      '| query | (combo, bucket) pairs | calls in range (est.) | seek | sort | auto picks |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...bucketing.map((b) => `| ${b.name} | ${b.pairs} | ${b.estimatedCalls} | ${b.seekMs} | ${b.sortMs} | ${b.auto} |`),
      '',
      `Write cost per call, with / without the index (${WRITE_ROUNDS} alternating rounds on two copies of the ledger, median µs, wall / CPU):`,
      '',
      '| path | with index | without | difference |',
      '| --- | ---: | ---: | ---: |',
      ...(['ledgerReserveSettle', 'insertUpdateStatements'] as const).map((k) => {
        const w = write[k];
        return `| ${k === 'ledgerReserveSettle' ? `ledger reserve + settle, two transactions (${WRITE_PAIRS} calls a round)` : `INSERT + UPDATE of the call only, batched (${STATEMENT_PAIRS} a round)`} | ${ms(w.withIndex.wallUs)} / ${ms(w.withIndex.cpuUs)} | ${ms(w.withoutIndex.wallUs)} / ${ms(w.withoutIndex.cpuUs)} | ${ms(w.withIndex.wallUs - w.withoutIndex.wallUs)} / ${ms(w.withIndex.cpuUs - w.withoutIndex.cpuUs)} |`;
      }),
      '',
      `Building the index on this ledger (what migration 3 costs an existing database): ${write.createIndexMs} ms; ` +
        `index ${(indexBytes / 2 ** 20).toFixed(0)} MiB of a ${(dbBytes / 2 ** 20).toFixed(0)} MiB database.`,
    ].join('\n');
    console.log(`\n${table}\n`);

    const raw = {
      generatedAt: new Date().toISOString(),
      command: `node --import tsx bench/analytics.ts${QUICK ? ' --quick' : ''}${args.calls ? ` --calls ${CALLS}` : ''}`,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', platform: `${platform()} ${release()}`, node: process.version, loadavgBefore: load0, loadavgAfter: loadavg() },
      params: { calls: CALLS, runs: RUNS, timeZone: TZ, now: new Date(NOW).toISOString() },
      generation: { ms: generationMs, dbBytes, analyticsIndexBytes: indexBytes },
      queries: results,
      bucketing,
      writeCost: write,
    };
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, !QUICK && CALLS === 1_000_000 ? 'analytics.json' : `analytics.${CALLS}.json.tmp`);
    writeFileSync(file, `${JSON.stringify(raw, null, 1)}\n`);
    log(`wrote ${file}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
