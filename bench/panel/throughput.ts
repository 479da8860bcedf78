import { performance } from 'node:perf_hooks';
import type { DeviceIdentity } from '../../core/src/node/panel/device-client.ts';
import { clientFor } from './setup.ts';

const record = (seq: number, tag: string) => ({
  seq,
  callId: `${tag}-${seq}`,
  provider: 'oa',
  model: 'gpt-4o-mini',
  status: 'ok' as const,
  inputTokens: 1_000,
  outputTokens: 500,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  clientCostMicros: 450,
});

export interface Rate {
  count: number;
  seconds: number;
  perSecond: number;
}

/**
 * Lease grants per second: every device asks for a new lease on its own agent as fast as it is answered (each
 * grant is a full signed request: nonce spent, budget reserved, epoch bumped, audit appended, next nonce issued).
 * Device i talks to instance i mod n.
 */
export async function grantRate(urls: string[], devices: DeviceIdentity[], agents: string[], ms: number): Promise<Rate> {
  const t0 = performance.now();
  const end = t0 + ms;
  let count = 0;
  await Promise.all(
    devices.map(async (d, i) => {
      const c = clientFor(urls[i % urls.length] as string, d);
      while (performance.now() < end) {
        await c.grant({ agent: agents[i] as string, requestedMicros: 10_000, minUsefulMicros: 450 });
        count++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { count, seconds, perSecond: count / seconds };
}

/** Usage records per second: every device holds one lease and reports batches of `batch` calls. */
export async function usageRate(urls: string[], devices: DeviceIdentity[], agents: string[], ms: number, batch: number): Promise<Rate> {
  const clients = devices.map((d, i) => clientFor(urls[i % urls.length] as string, d));
  const leases = await Promise.all(clients.map((c, i) => c.grant({ agent: agents[i] as string, requestedMicros: 10_000_000, minUsefulMicros: 450 })));
  const t0 = performance.now();
  const end = t0 + ms;
  let count = 0;
  await Promise.all(
    clients.map(async (c, i) => {
      const g = leases[i]!;
      let seq = 0;
      while (performance.now() < end && (seq + batch) * 450 <= g.grantedMicros) {
        const records = Array.from({ length: batch }, (_, k) => record(seq + k + 1, g.lease));
        await c.report(g.lease, { epoch: g.epoch, batchId: `${g.lease}-${seq}`, records });
        seq += batch;
        count += batch;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { count, seconds, perSecond: count / seconds };
}
