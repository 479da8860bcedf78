import type { Figure, Memory, RawResults } from './results-types.ts';
import { GOVERNED, type GovernedName, type TargetName } from './stack.ts';
import type { ByTarget, Measured } from './suites/load.ts';
import { firstTextFigures } from './suites/first-text.ts';
import { median, ratio } from './stats.ts';

type Pick = (r: Measured) => number;
type Rounds = ByTarget<Measured[]>;

const ALL: readonly TargetName[] = ['direct', 'bare', 'gateway', 'guarded'];

function present(results: Rounds): GovernedName[] {
  return GOVERNED.filter((g) => results[g] !== undefined);
}

/** Per round: the target's value minus the emulator's, measured in the same round. */
function added(results: Rounds, target: TargetName, pick: Pick): number[] {
  const direct = results.direct ?? [];
  return (results[target] ?? []).map((r, i) => pick(r) - pick(direct[i]!));
}

/** Median of the per-round ratios a[i] / b[i]. */
function roundRatio(a: number[], b: number[]): number {
  return median(a.map((v, i) => ratio(v, b[i]!)));
}

/** Absolute values per configuration, and each governed configuration's median per-round ratio to the bare proxy. */
function absolute(section: string, metric: string, unit: string, results: Rounds, pick: Pick): Figure {
  const values: Figure['values'] = {};
  for (const t of ALL) if (results[t]) values[t] = median(results[t].map(pick));
  const bare = (results.bare ?? []).map(pick);
  const r: Figure['ratio'] = {};
  for (const g of present(results)) r[g] = roundRatio(results[g]!.map(pick), bare);
  return { section, metric, unit, values, ratio: r };
}

/** What each proxy adds over calling the emulator directly, and each governed addition ÷ the bare proxy's. */
function overhead(section: string, metric: string, results: Rounds, pick: Pick): Figure {
  const values: Figure['values'] = {};
  for (const t of ALL) if (t !== 'direct' && results[t]) values[t] = median(added(results, t, pick));
  const bare = added(results, 'bare', pick);
  const r: Figure['ratio'] = {};
  for (const g of present(results)) r[g] = roundRatio(added(results, g, pick), bare);
  return { section, metric, unit: 'ms', values, ratio: r };
}

/** A single value per configuration (no rounds): memory, start-up. */
function single(section: string, metric: string, unit: string, values: Partial<Record<TargetName, number>>): Figure {
  const r: Figure['ratio'] = {};
  for (const g of GOVERNED) if (values[g] !== undefined) r[g] = ratio(values[g], values.bare ?? Number.NaN);
  return { section, metric, unit, values, ratio: r };
}

/** Holds each governed configuration to a target, judged on the figure's ratio or value. */
function check(f: Figure, target: string, ok: (g: GovernedName) => boolean): Figure {
  const met: Figure['met'] = {};
  for (const g of GOVERNED) if (f.values[g] !== undefined) met[g] = ok(g);
  return { ...f, target, met };
}

const num = (v: number | string | undefined): number => (typeof v === 'number' ? v : Number.NaN);
const p50: Pick = (r) => r.latency.p50;
const p99: Pick = (r) => r.latency.p99;

function mem(m: ByTarget<Memory>, key: keyof Memory): Partial<Record<TargetName, number>> {
  return Object.fromEntries(Object.entries(m).map(([t, v]) => [t, v[key]]));
}

/** The table of a run, derived from its raw results only. */
export function figures(raw: RawResults): Figure[] {
  const out: Figure[] = [];
  const lat = 'Added latency, plain calls, c=1';
  out.push(absolute(lat, 'Latency p50 (absolute)', 'ms', raw.latency, p50));
  out.push(absolute(lat, 'Latency p99 (absolute)', 'ms', raw.latency, p99));
  const a50 = overhead(lat, 'Added latency p50', raw.latency, p50);
  out.push(check(a50, '≤ 1.5× bare', (g) => num(a50.ratio[g]) <= 1.5));
  const a99 = overhead(lat, 'Added latency p99', raw.latency, p99);
  out.push(check(a99, '≤ 2× bare', (g) => num(a99.ratio[g]) <= 2));
  out.push(absolute(lat, 'Server CPU per call', 'ms', raw.latency, (r) => r.serverCpuPerRequestMs));

  for (const [c, results] of Object.entries(raw.throughput)) {
    const sec = `Throughput, plain calls, c=${c}`;
    const rps = absolute(sec, `Throughput c=${c}`, 'req/s', results, (r) => r.rps);
    out.push(c === '16' ? check(rps, '≥ 0.70× bare', (g) => num(rps.ratio[g]) >= 0.7) : rps);
    out.push(absolute(sec, `Latency p50 c=${c}`, 'ms', results, p50));
    out.push(absolute(sec, `Latency p99 c=${c}`, 'ms', results, p99));
    out.push(absolute(sec, `Server CPU per call c=${c}`, 'ms', results, (r) => r.serverCpuPerRequestMs));
  }

  const st = 'Streaming, c=1 (16 chunks)';
  const ttfc = overhead(st, 'Added time to first chunk p50', raw.streaming, (r) => r.firstChunk.p50);
  out.push(check(ttfc, '≤ 1 ms', (g) => num(ttfc.values[g]) <= 1));
  out.push(overhead(st, 'Added time to first chunk p99', raw.streaming, (r) => r.firstChunk.p99));
  out.push(absolute(st, 'Total stream time p50 (absolute)', 'ms', raw.streaming, p50));
  out.push(overhead(st, 'Added total stream time p50', raw.streaming, p50));
  const pacedFirst = overhead(st, 'Paced upstream (2 ms/event): added time to first chunk p50', raw.paced, (r) => r.firstChunk.p50);
  out.push(check(pacedFirst, '≤ 1 ms', (g) => num(pacedFirst.values[g]) <= 1));
  const reads = absolute(st, 'Paced upstream: body reads per stream', 'reads', raw.paced, (r) => r.readsPerResponse);
  out.push(check(reads, 'as they arrive (≥ 0.8× direct)', (g) => num(reads.values[g]) >= 0.8 * num(reads.values.direct)));
  out.push(absolute(st, 'Paced upstream: total stream time p50', 'ms', raw.paced, p50));
  if (raw.firstText) out.push(...firstTextFigures(raw.firstText));

  const m = 'Memory';
  const idle = single(m, 'RSS idle after start', 'MB', mem(raw.memory.idle, 'rssMb'));
  out.push(check(idle, '≤ 80 MB', (g) => num(idle.values[g]) <= 80));
  out.push(single(m, 'of which anonymous (not the shared node binary and ICU pages)', 'MB', mem(raw.memory.idle, 'anonMb')));
  const peak = single(m, 'Peak RSS under load (VmHWM)', 'MB', mem(raw.memory.afterLoad, 'peakMb'));
  out.push(check(peak, '≤ 150 MB', (g) => num(peak.values[g]) <= 150));
  out.push({ section: m, metric: 'Peak RSS, 1,000 connections at once (overshoot run)', unit: 'MB', values: { gateway: raw.overshoot.peakRssMb }, ratio: {} });

  const led = 'Ledger';
  const bareC16 = raw.throughput['16']?.bare ? median(raw.throughput['16'].bare.map((r) => r.rps)) : Number.NaN;
  out.push({
    section: led,
    metric: 'Reserve + settle pairs per second, on its own (ratio: ÷ bare proxy req/s at c=16)',
    unit: 'pairs/s',
    values: { gateway: raw.ledger.pairsPerSecond },
    ratio: { gateway: ratio(raw.ledger.pairsPerSecond, bareC16) },
  });
  const pair = raw.ledger.pair;
  out.push({ section: led, metric: 'Reserve + settle pair p50 / p99', unit: 'µs', values: { gateway: `${(pair.p50 * 1000).toFixed(0)} / ${(pair.p99 * 1000).toFixed(0)}` }, ratio: {} });
  const o = raw.overshoot;
  out.push({
    section: led,
    metric: `${o.calls.toLocaleString('en')} concurrent calls, budget fits ${o.budgetFits}: admitted / refused / other`,
    unit: 'calls',
    values: { gateway: `${o.admitted} / ${o.refused} / ${o.other}` },
    ratio: {},
    target: `${o.budgetFits} / ${o.calls - o.budgetFits} / 0`,
    met: { gateway: o.admitted === o.budgetFits && o.other === 0 },
  });
  out.push({
    section: led,
    metric: 'Same run: spent of limit / overshoot / left reserved',
    unit: 'µUSD',
    values: { gateway: `${o.spentMicros} of ${o.limitMicros} / ${o.overshootMicros} / ${o.reservedAfterMicros}` },
    ratio: {},
    target: 'overshoot 0',
    met: { gateway: o.ok },
  });

  const su = 'Start-up';
  const first = single(su, 'Spawn to first served call', 'ms', Object.fromEntries(Object.entries(raw.startup).map(([t, s]) => [t, s.medianFirstServedMs])));
  out.push(check(first, '≤ 1,000 ms', (g) => num(first.values[g]) <= 1000));
  out.push(single(su, 'Spawn to listening', 'ms', Object.fromEntries(Object.entries(raw.startup).map(([t, s]) => [t, s.medianListeningMs]))));
  return out;
}
