import type { ProfileSummary } from './cpu-profile.ts';
import type { GovernedName, TargetName } from './stack.ts';
import type { ByTarget, Measured } from './suites/load.ts';
import type { LedgerResult } from './suites/ledger.ts';
import type { OvershootResult } from './suites/overshoot.ts';
import type { StartupResult } from './suites/startup.ts';
import type { FirstTextResult } from './suites/first-text.ts';
import type { BenchParams } from './workload.ts';

export interface Memory {
  rssMb: number;
  peakMb: number;
  anonMb: number;
}

/** Everything one run measured; `bench/results/latest.json` holds it as it is. */
export interface RawResults {
  meta: {
    date: string;
    node: string;
    cores: number;
    cpu: string;
    memoryGb: number;
    os: string;
    /** Load average (1 min) when the run started and ended: how shared the machine was. */
    loadAverage: { start: number; end: number };
    git: string;
    mode: 'full' | 'quick';
    command: string;
    wallSeconds: number;
    cliRebuilt: boolean;
    guardrails: boolean;
  };
  params: BenchParams;
  /** Plain calls at concurrency 1, one entry per round. */
  latency: ByTarget<Measured[]>;
  /** Streamed calls (zero-delay upstream, 16 chunks) at concurrency 1. */
  streaming: ByTarget<Measured[]>;
  /** Streamed calls with 2 ms between upstream events, at concurrency 1. */
  paced: ByTarget<Measured[]>;
  /** Time to the first generated text, upstream pacing a token every 20 ms (absent from older results). */
  firstText?: FirstTextResult;
  /** Plain calls by concurrency ("16", "64"). */
  throughput: Record<string, ByTarget<Measured[]>>;
  memory: { idle: ByTarget<Memory>; afterLoad: ByTarget<Memory> };
  ledger: LedgerResult;
  overshoot: OvershootResult;
  startup: ByTarget<StartupResult>;
  profiles?: { summaries: ByTarget<ProfileSummary>; note: string };
}

/** One row of the table: a value per configuration, each governed configuration's ratio to the bare proxy. */
export interface Figure {
  section: string;
  metric: string;
  unit: string;
  values: Partial<Record<TargetName, number | string>>;
  /** ÷ bare proxy: the median of per-round ratios where there are rounds. */
  ratio: Partial<Record<GovernedName, number | string>>;
  target?: string;
  met?: Partial<Record<GovernedName, boolean>>;
}
