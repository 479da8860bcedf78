/**
 * `npm run bench [-- --quick] [-- --no-profile] [-- --report-only] [-- --cli PATH]`: what Iron Cage costs an agent,
 * as ratios to a bare Node proxy measured in the same run.
 * - Full run: writes BENCHMARKS.md (between its markers) and bench/results/latest.json.
 * - `--quick` (CI): same harness, small counts, asserts nothing, writes only bench/results/quick.json.tmp.
 * - `--cli PATH`: measures another build of `iron-cage` (a candidate change built in a copy of the repository);
 *   writes only bench/results/candidate.json.tmp and prints the table.
 * - `--report-only`: rewrites BENCHMARKS.md from bench/results/latest.json, measuring nothing.
 * - `--panel [--devices N] [--seconds S]`: the team Control Panel on SQLite and PostgreSQL instead (bench/panel/).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { bundleHelpers, ensureFreshCli } from './build.ts';
import { formatProfile } from './cpu-profile.ts';
import { figures } from './figures.ts';
import { LoadDriver } from './load-driver.ts';
import { killAllStarted, memoryOf, REPO, stop, useCli, type Server } from './processes.ts';
import { generatedSection, table, writeBenchmarksMd } from './report.ts';
import type { Memory, RawResults } from './results-types.ts';
import {
  guardrailsSupported,
  prepareGatewayData,
  startBareProxy,
  startEmulator,
  startGatewayProcess,
  TARGET_LABEL,
  targetOf,
  type Target,
  type TargetName,
} from './stack.ts';
import { loadRounds, type ByTarget } from './suites/load.ts';
import { ledgerThroughput } from './suites/ledger.ts';
import { overshoot } from './suites/overshoot.ts';
import { profileServer } from './suites/profile.ts';
import { startupTimes, type Starter } from './suites/startup.ts';
import { FIRST_TEXT_FULL, FIRST_TEXT_QUICK, firstTextTimes } from './suites/first-text.ts';
import { FULL, PACED_STREAM_BODY, PLAIN_BODY, PROVIDER_KEY, QUICK, STREAM_BODY } from './workload.ts';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean' }, 'no-profile': { type: 'boolean' }, 'report-only': { type: 'boolean' }, cli: { type: 'string' }, panel: { type: 'boolean' }, devices: { type: 'string' }, seconds: { type: 'string' } },
});
const quick = args.quick === true;
const params = quick ? QUICK : FULL;
const candidate = args.cli === undefined ? undefined : resolve(args.cli);
if (candidate) useCli(candidate);
const profile = !quick && !candidate && args['no-profile'] !== true;
const RESULTS = join(REPO, 'bench/results');
const LATEST = 'bench/results/latest.json';

function log(message: string): void {
  console.log(`[bench ${(performance.now() / 1000).toFixed(0).padStart(3)} s] ${message}`);
}

function commandLine(): string {
  const flags: string[] = [];
  if (quick) flags.push('--quick');
  if (candidate) flags.push(`--cli ${candidate}`);
  if (!quick && !candidate && !profile) flags.push('--no-profile');
  return `npm run bench${flags.length ? ` -- ${flags.join(' ')}` : ''}`;
}

function gitDescription(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'core', 'server'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
  return head ? `${head}${dirty ? ' + uncommitted changes in core/ or server/' : ''}` : 'unknown';
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const loadStart = loadavg()[0] ?? 0;
  // A candidate build is measured as it was built; this checkout's bundle is rebuilt when older than its sources.
  const cliRebuilt = candidate ? false : ensureFreshCli();
  if (cliRebuilt) log('rebuilt dist/cli.mjs: it was older than the sources');
  const guardrails = guardrailsSupported();
  if (!guardrails) log(`${TARGET_LABEL.guarded}: not available in this build, its column stays empty`);
  const work = mkdtempSync(join(tmpdir(), 'iron-cage-bench-'));
  const dataDirs: string[] = [];
  let driver: LoadDriver | undefined;
  const servers: Partial<Record<TargetName, Server>> = {};
  try {
    const bundles = await bundleHelpers(join(work, 'bundles'));

    // The ledger alone first, while nothing else of ours runs.
    log('ledger: reserve + settle on its own');
    const ledger = await ledgerThroughput(params.ledgerMs);

    const emulator = await startEmulator(bundles);
    servers.direct = emulator;
    // Each gateway configuration gets its own data directory, so neither sees the other's calls table grow.
    const governed = (guardrails ? (['gateway', 'guarded'] as const) : (['gateway'] as const)).map((name) => {
      const data = prepareGatewayData(emulator.url);
      dataDirs.push(data.dataDir);
      const flag = guardrails ? name === 'guarded' : undefined;
      const start = (flags: string[] = []): Promise<Server> => startGatewayProcess(data.dataDir, flag, flags);
      return { name, token: data.token, start };
    });
    const startBare = (flags: string[] = []): Promise<Server> => startBareProxy(bundles, emulator.url, flags);

    log('start-up: spawn until the first call is served');
    const starters: Partial<Record<TargetName, { start: Starter; auth: string }>> = { bare: { start: () => startBare(), auth: PROVIDER_KEY } };
    for (const g of governed) starters[g.name] = { start: () => g.start(), auth: g.token };
    const startup = await startupTimes(params.startupTries, starters);

    servers.bare = await startBare();
    for (const g of governed) servers[g.name] = await g.start();
    await new Promise((r) => setTimeout(r, 1_000));
    const memories = (): ByTarget<Memory> =>
      Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, memoryOf(s.pid)])) as ByTarget<Memory>;
    const idle = memories();
    log(`idle RSS: ${Object.entries(idle).map(([n, m]) => `${n} ${m.rssMb.toFixed(1)} MB`).join(', ')}`);

    const targets: Target[] = [targetOf('direct', emulator, PROVIDER_KEY), targetOf('bare', servers.bare, PROVIDER_KEY)];
    for (const g of governed) targets.push(targetOf(g.name, servers[g.name]!, g.token));
    driver = new LoadDriver(bundles.loadClient);
    const c1 = { concurrency: 1, rounds: params.rounds, maxRequests: params.latencyRequests, durationMs: 30_000, warmupRequests: params.latencyWarmup };

    // One unrecorded pass over every target first, so that no configuration's first round measures its JIT warming up.
    log('warm-up: every configuration, plain and streamed, at concurrency 8');
    for (const body of [PLAIN_BODY, STREAM_BODY]) {
      await loadRounds(driver, targets, { body, concurrency: 8, rounds: 1, maxRequests: 1_000_000, durationMs: params.warmupMs, warmupRequests: 0 });
    }

    log('latency: plain calls at concurrency 1');
    const latency = await loadRounds(driver, targets, { ...c1, body: PLAIN_BODY });
    log('streaming: zero-delay streams at concurrency 1');
    const streaming = await loadRounds(driver, targets, { ...c1, body: STREAM_BODY });
    log('streaming: paced streams');
    const paced = await loadRounds(driver, targets, { ...c1, body: PACED_STREAM_BODY, rounds: params.pacedRounds, maxRequests: params.pacedRequests, warmupRequests: 3 });
    log('streaming: time to first text, a token every 20 ms');
    const firstText = await firstTextTimes(targets, quick ? FIRST_TEXT_QUICK : FIRST_TEXT_FULL);
    const throughput: RawResults['throughput'] = {};
    for (const c of params.concurrencies) {
      log(`throughput: concurrency ${c}`);
      throughput[String(c)] = await loadRounds(driver, targets, {
        body: PLAIN_BODY,
        concurrency: c,
        rounds: params.throughputRounds,
        maxRequests: 10_000_000,
        durationMs: params.throughputMs,
        warmupRequests: c * 10,
      });
    }
    const afterLoad = memories();
    log(`peak RSS: ${Object.entries(afterLoad).map(([n, m]) => `${n} ${m.peakMb.toFixed(1)} MB`).join(', ')}`);
    for (const name of ['bare', 'gateway', 'guarded'] as const) {
      const s = servers[name];
      if (s) await stop(s.child);
      delete servers[name];
    }

    log('ledger: 1,000 concurrent calls against a budget that fits 100');
    const capped = await overshoot(driver, emulator.url, (dataDir) => startGatewayProcess(dataDir, guardrails ? false : undefined));

    let profiles: RawResults['profiles'];
    if (profile) {
      log('profiles: --cpu-prof at concurrency 16');
      const dir = join(RESULTS, 'profiles.tmp');
      const ms = 4_000;
      const summaries: NonNullable<RawResults['profiles']>['summaries'] = {};
      for (const g of governed) summaries[g.name] = await profileServer(driver, g.name, dir, g.start, g.token, ms);
      summaries.bare = await profileServer(driver, 'bare', dir, startBare, PROVIDER_KEY, ms);
      profiles = {
        summaries,
        note: `Each server profiled in a separate process under \`--cpu-prof\` (${ms / 1000} s of plain, then ${ms / 1000} s of streamed calls at c=16); the .cpuprofile files are in bench/results/profiles.tmp/ (open them in Chrome DevTools). V8 samples wall-clock time, so on a loaded machine a syscall that wakes another process (writev) absorbs the time spent waiting for a core.`,
      };
    }

    const raw: RawResults = {
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGb: totalmem() / 2 ** 30,
        os: `${platform()} ${release()}`,
        loadAverage: { start: loadStart, end: loadavg()[0] ?? 0 },
        git: candidate ? `candidate build ${candidate}` : gitDescription(),
        mode: quick ? 'quick' : 'full',
        command: commandLine(),
        wallSeconds: (performance.now() - t0) / 1000,
        cliRebuilt,
        guardrails,
      },
      params,
      latency,
      streaming,
      paced,
      firstText,
      throughput,
      memory: { idle, afterLoad },
      ledger,
      overshoot: capped,
      startup,
      ...(profiles ? { profiles } : {}),
    };
    const figs = figures(raw);
    console.log(`\n${table(figs, guardrails)}\n`);
    for (const [name, s] of Object.entries(profiles?.summaries ?? {})) console.log(`${formatProfile(TARGET_LABEL[name as TargetName], s)}\n`);
    mkdirSync(RESULTS, { recursive: true });
    if (quick || candidate) {
      const file = candidate ? 'candidate.json.tmp' : 'quick.json.tmp';
      writeFileSync(join(RESULTS, file), `${JSON.stringify({ ...raw, figures: figs }, null, 1)}\n`);
      log(`wrote bench/results/${file} (BENCHMARKS.md untouched)`);
    } else {
      writeFileSync(join(REPO, LATEST), `${JSON.stringify({ ...raw, figures: figs }, null, 1)}\n`);
      writeBenchmarksMd(join(REPO, 'BENCHMARKS.md'), generatedSection(raw, figs, LATEST));
      log(`wrote BENCHMARKS.md and ${LATEST}`);
    }
  } finally {
    await driver?.close().catch(() => undefined);
    for (const s of Object.values(servers)) await stop(s.child).catch(() => undefined);
    killAllStarted();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** Rewrites BENCHMARKS.md from the last full run's raw results (after a change to the report's layout). */
function reportOnly(): void {
  const raw = JSON.parse(readFileSync(join(REPO, LATEST), 'utf8')) as RawResults;
  const figs = figures(raw);
  writeBenchmarksMd(join(REPO, 'BENCHMARKS.md'), generatedSection(raw, figs, LATEST));
  console.log(`${table(figs, raw.meta.guardrails)}\n\nrewrote BENCHMARKS.md from ${LATEST}`);
}

process.once('exit', killAllStarted);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllStarted();
    process.exit(130);
  });
}
const runPanel = (): Promise<void> =>
  import('./panel/run-panel.ts').then((m) => m.runPanelBench({ devices: Number(args.devices ?? 10_000), seconds: Number(args.seconds ?? 8), clientsPerInstance: 16, batch: 20 }));
(args.panel ? runPanel() : args['report-only'] ? Promise.resolve().then(reportOnly) : main()).catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
