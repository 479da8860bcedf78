import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { stop, type Server } from '../processes.ts';
import { median } from '../stats.ts';
import { CHAT_PATH, PLAIN_BODY } from '../workload.ts';

export interface StartupResult {
  /** Spawn until the first call answered 200, ms, each try. */
  firstServedMs: number[];
  /** Spawn until the process printed its address, ms, each try. */
  listeningMs: number[];
  medianFirstServedMs: number;
  medianListeningMs: number;
}

export type Starter = () => Promise<Server>;

/** Starts a fresh process and times it until its first call is answered; then stops it. */
async function once(start: Starter, auth: string): Promise<{ firstServedMs: number; listeningMs: number }> {
  const t0 = performance.now();
  const server = await start();
  try {
    const res = await request(`${server.url}${CHAT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
      body: PLAIN_BODY,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${server.name}: first call answered ${res.statusCode}`);
    return { firstServedMs: performance.now() - t0, listeningMs: server.listeningMs };
  } finally {
    await stop(server.child);
  }
}

/** Start-up of several configurations, `tries` times each, alternating between them. */
export async function startupTimes<N extends string>(
  tries: number,
  starters: Partial<Record<N, { start: Starter; auth: string }>>,
): Promise<Partial<Record<N, StartupResult>>> {
  const names = Object.keys(starters) as N[];
  const raw = new Map(names.map((n) => [n, { firstServedMs: [] as number[], listeningMs: [] as number[] }]));
  for (let i = 0; i < tries; i++) {
    for (const n of names) {
      const s = starters[n]!;
      const r = await once(s.start, s.auth);
      raw.get(n)!.firstServedMs.push(r.firstServedMs);
      raw.get(n)!.listeningMs.push(r.listeningMs);
    }
  }
  return Object.fromEntries(
    names.map((n) => {
      const r = raw.get(n)!;
      return [n, { ...r, medianFirstServedMs: median(r.firstServedMs), medianListeningMs: median(r.listeningMs) }];
    }),
  ) as Partial<Record<N, StartupResult>>;
}
