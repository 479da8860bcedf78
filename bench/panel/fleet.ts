import { performance } from 'node:perf_hooks';
import { setAgentBudget, setAgentStatus } from '../../core/src/node/panel/admin-service.ts';
import type { DeviceIdentity, PanelDeviceClient } from '../../core/src/node/panel/device-client.ts';
import type { PanelContext } from '../../core/src/node/panel/panel-context.ts';
import { CLI_ACTOR, clientFor, pool } from './setup.ts';

export interface FleetResult {
  devices: number;
  instances: number;
  streamsOpenSeconds: number;
  leasesGrantedSeconds: number;
  reportsSeconds: number;
  /** A budget change pushed to every device: how long until the last one heard it. */
  budgetChangeAllMs: number;
  /** The stop (agent suspended: its leases revoked, its devices told) as a transaction. */
  stopTxMs: number;
  stopHeardMs: { first: number; p50: number; p99: number; all: number };
  heardAll: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/**
 * `identities.length` lightweight devices, each with its push stream open (device i on instance i mod n), each
 * holding a lease on one shared agent and reporting one batch; then the lead stops the agent and we time how long
 * the stop takes to reach every stream.
 */
export async function fleet(ctx: PanelContext, urls: string[], identities: DeviceIdentity[], agent: string, log: (m: string) => void): Promise<FleetResult> {
  const n = identities.length;
  const clients: PanelDeviceClient[] = identities.map((id, i) => clientFor(urls[i % urls.length] as string, id));
  const budgetHeard = new Array<number>(n).fill(0);
  const stopHeard = new Array<number>(n).fill(0);
  const abort = new AbortController();

  let t = performance.now();
  const streams = clients.map((c, i) =>
    c
      .events(
        (e) => {
          if (e.event === 'budget.changed' && !budgetHeard[i]) budgetHeard[i] = performance.now();
          if (e.event === 'agent.stopped' && !stopHeard[i]) stopHeard[i] = performance.now();
        },
        { signal: abort.signal },
      )
      .catch(() => undefined),
  );
  // Opening is staggered by the nonce fetch each stream makes first; give the server time to attach every stream.
  await sleep(Math.min(30_000, 2_000 + n * 1.5));
  const streamsOpenSeconds = (performance.now() - t) / 1000;
  log(`fleet: ${n} streams opening (${streamsOpenSeconds.toFixed(1)} s)`);

  t = performance.now();
  const leases: { lease: string; epoch: number }[] = new Array(n);
  await pool(clients, 64, async (c, i) => {
    const g = await c.grant({ agent, requestedMicros: 1_000_000, minUsefulMicros: 450 });
    leases[i] = { lease: g.lease, epoch: g.epoch };
  });
  const leasesGrantedSeconds = (performance.now() - t) / 1000;
  log(`fleet: ${n} leases granted in ${leasesGrantedSeconds.toFixed(1)} s`);

  t = performance.now();
  await pool(clients, 64, async (c, i) => {
    const l = leases[i]!;
    const records = [1, 2, 3].map((seq) => ({ seq, callId: `${l.lease}-${seq}`, provider: 'oa', model: 'gpt-4o-mini', status: 'ok' as const, inputTokens: 1_000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0, clientCostMicros: 450 }));
    await c.report(l.lease, { epoch: l.epoch, batchId: 'fleet-1', records });
  });
  const reportsSeconds = (performance.now() - t) / 1000;
  log(`fleet: ${n} usage batches reported in ${reportsSeconds.toFixed(1)} s`);

  // Every stream live: a budget change must reach all of them (bounded wait).
  const tb = performance.now();
  await setAgentBudget(ctx, CLI_ACTOR, agent, 2_000_000_000_000);
  for (let i = 0; i < 600 && budgetHeard.some((x) => x === 0); i++) await sleep(100);
  const budgetChangeAllMs = Math.max(...budgetHeard) - tb;
  log(`fleet: budget change heard by ${budgetHeard.filter(Boolean).length}/${n}`);

  const ts = performance.now();
  await setAgentStatus(ctx, CLI_ACTOR, agent, 'suspended');
  const stopTxMs = performance.now() - ts;
  for (let i = 0; i < 1_200 && stopHeard.some((x) => x === 0); i++) await sleep(100);
  const heard = stopHeard.filter(Boolean).map((x) => x - ts).sort((a, b) => a - b);
  log(`fleet: stop heard by ${heard.length}/${n}`);
  abort.abort();
  await Promise.race([Promise.all(streams), sleep(5_000)]);
  return {
    devices: n,
    instances: urls.length,
    streamsOpenSeconds,
    leasesGrantedSeconds,
    reportsSeconds,
    budgetChangeAllMs,
    stopTxMs,
    stopHeardMs: { first: heard[0] ?? NaN, p50: pct(heard, 50), p99: pct(heard, 99), all: heard.length === n ? (heard.at(-1) as number) : NaN },
    heardAll: heard.length === n,
  };
}
