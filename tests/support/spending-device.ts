import { Agent, fetch as undiciFetch } from 'undici';
import { isPanelError } from '../../core/src/panel/errors.ts';
import type { DeviceEvent, PanelDeviceClient } from '../../core/src/node/panel/device-client.ts';

/**
 * A fetch that opens a new connection per request (no keep-alive), so a round-robin TCP balancer spreads one
 * device's calls over every panel instance, as an HTTP load balancer would.
 */
export function spreadingFetch(): typeof fetch {
  const dispatcher = new Agent({ pipelining: 0 });
  return ((url: string, init?: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Retries a call that failed in transit (an instance died under it); protocol refusals are returned to the caller. */
export async function retried<T>(fn: () => Promise<T>, tries = 40): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (isPanelError(e) || i >= tries) throw e;
      await sleep(50);
    }
  }
}

export interface SpentRecord {
  lease: string;
  seq: number;
  callId: string;
}

/** One gpt-4o-mini call of 1,000 input and 500 output tokens: 450 µ$ at the panel's prices. */
export const CALL_MICROS = 450;

/**
 * An honest device spending an agent's budget out: lease, report calls in batches without ever passing what the
 * lease granted, close, lease again, until the panel refuses (budget spent) or the deadline passes. Resolves to
 * every record the panel acknowledged.
 */
export async function spendOut(dev: PanelDeviceClient, o: { agent: string; tag: string; batch: number; deadline: number; onBatch?: () => void }): Promise<SpentRecord[]> {
  const spent: SpentRecord[] = [];
  let n = 0;
  while (Date.now() < o.deadline) {
    let g;
    try {
      g = await retried(() => dev.grant({ agent: o.agent, requestedMicros: 50_000, minUsefulMicros: CALL_MICROS }));
    } catch (e) {
      if (isPanelError(e, 'insufficient_budget')) break;
      throw e;
    }
    let seq = 0;
    let remaining = g.grantedMicros;
    while (remaining >= CALL_MICROS && Date.now() < o.deadline) {
      const count = Math.min(o.batch, Math.floor(remaining / CALL_MICROS));
      const records = Array.from({ length: count }, (_, i) => ({
        seq: seq + i + 1,
        callId: `${o.tag}-${++n}`,
        provider: 'oa',
        model: 'gpt-4o-mini',
        status: 'ok' as const,
        inputTokens: 1_000,
        outputTokens: 500,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        clientCostMicros: CALL_MICROS,
      }));
      const lease = g.lease;
      const epoch = g.epoch;
      await retried(() => dev.report(lease, { epoch, batchId: `${lease}-${seq}`, records }));
      for (const r of records) spent.push({ lease, seq: r.seq, callId: r.callId });
      seq += count;
      remaining -= count * CALL_MICROS;
      o.onBatch?.();
    }
    const lease = g.lease;
    const epoch = g.epoch;
    await retried(() => dev.close(lease, { epoch, finalSeq: seq }));
  }
  return spent;
}

/** Follows a device's push stream, reconnecting with Last-Event-ID whenever it drops, until `signal` aborts. */
export async function followEvents(dev: PanelDeviceClient, onEvent: (e: DeviceEvent) => void, signal: AbortSignal): Promise<void> {
  let last: string | undefined;
  while (!signal.aborted) {
    try {
      await dev.events(
        (e) => {
          if (e.id) last = e.id;
          onEvent(e);
        },
        { signal, ...(last ? { lastEventId: last } : {}) },
      );
    } catch {
      // the instance serving the stream went away: reconnect through the balancer
    }
    if (!signal.aborted) await sleep(100);
  }
}
