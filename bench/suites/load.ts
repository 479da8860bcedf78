import type { LoadDriver } from '../load-driver.ts';
import type { LoadResult } from '../load-protocol.ts';
import { interleaved } from '../interleave.ts';
import { cpuMsOf } from '../processes.ts';
import type { Target, TargetName } from '../stack.ts';
import { CHAT_PATH } from '../workload.ts';

export interface LoadPlan {
  body: string;
  concurrency: number;
  rounds: number;
  maxRequests: number;
  durationMs: number;
  warmupRequests: number;
}

/** A load run, plus the CPU the server under test spent on it. */
export interface Measured extends LoadResult {
  /** CPU time (user + system) of the server process per request, warm-up included, ms. */
  serverCpuPerRequestMs: number;
}

export type ByTarget<T> = Partial<Record<TargetName, T>>;

/** Drives every target with the same closed-loop load, interleaved round by round. */
export async function loadRounds(driver: LoadDriver, targets: readonly Target[], plan: LoadPlan): Promise<ByTarget<Measured[]>> {
  const byName = new Map(targets.map((t) => [t.name, t]));
  return interleaved(
    plan.rounds,
    targets.map((t) => t.name),
    async (name) => {
      const t = byName.get(name)!;
      const cpu0 = cpuMsOf(t.pid);
      const r = await driver.run({
        origin: t.origin,
        path: CHAT_PATH,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.auth}` },
        body: plan.body,
        concurrency: plan.concurrency,
        maxRequests: plan.maxRequests,
        durationMs: plan.durationMs,
        warmupRequests: plan.warmupRequests,
      });
      const cpu = cpuMsOf(t.pid) - cpu0;
      const failed = r.completed - (r.statuses['200'] ?? 0) + r.errors;
      if (failed > 0) {
        throw new Error(`${name}: ${failed} of ${r.completed + r.errors} requests failed (${JSON.stringify(r.statuses)} ${r.firstError ?? ''})`);
      }
      return { ...r, serverCpuPerRequestMs: cpu / (r.completed + plan.warmupRequests) };
    },
  );
}
