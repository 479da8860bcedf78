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
import type { z } from 'zod';
import { ManualClock } from '../core/src/domain/clock.ts';
import { PeriodCalendar } from '../core/src/domain/period.ts';
import { MIGRATIONS } from '../core/src/node/db/migrations.ts';
import { DATABASE_FILE, openStore, type Store } from '../core/src/node/store/open-store.ts';
import { nodeTokenMinter } from '../core/src/node/token-minter.ts';
import { AgentService } from '../core/src/services/agent-service.ts';
import { AnalyticsService, seekBeatsSort } from '../core/src/services/analytics-service.ts';
import { localGrid } from '../core/src/services/local-grid.ts';
import { BudgetsInputSchema, BudgetsReportSchema, SpendInputSchema, SpendReportSchema, TopCallsInputSchema, type SpendInput } from '../core/src/contract/ops/analytics.ts';
import { CallRecordSchema } from '../core/src/contract/ops/usage.ts';
import { DAY, generate, NOW, YEAR_START } from './analytics-ledger.ts';

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

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

function log(message: string): void {
  console.log(`[analytics ${(performance.now() / 1000).toFixed(1).padStart(5)} s] ${message}`);
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
      store.agents.create(id, { name: 'write-bench', limits: [{ period: 'total', limitMicros: Number.MAX_SAFE_INTEGER }], allowedModels: null, providers: { openai: null, anthropic: null }, logBodies: false }, NOW);
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
    generate(store, new PeriodCalendar(TZ), CALLS);
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
