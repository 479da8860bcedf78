import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeProfile, type ProfileSummary } from '../cpu-profile.ts';
import type { LoadDriver } from '../load-driver.ts';
import { stop, type Server } from '../processes.ts';
import { CHAT_PATH, PLAIN_BODY, STREAM_BODY } from '../workload.ts';

/**
 * Runs a fresh server under `--cpu-prof`, drives it with plain then streamed calls at concurrency 16, stops it
 * (the profile is written on exit) and summarises where its CPU time went. Profiled servers are never the ones
 * the figures come from: the profiler slows them down.
 */
export async function profileServer(
  driver: LoadDriver,
  name: string,
  dir: string,
  start: (nodeFlags: string[]) => Promise<Server>,
  auth: string,
  durationMs: number,
): Promise<ProfileSummary> {
  const out = join(dir, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const server = await start(['--cpu-prof', '--cpu-prof-dir', out]);
  try {
    for (const body of [PLAIN_BODY, STREAM_BODY]) {
      await driver.run({
        origin: server.url,
        path: CHAT_PATH,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
        body,
        concurrency: 16,
        maxRequests: 1_000_000,
        durationMs,
        warmupRequests: 200,
      });
    }
  } finally {
    await stop(server.child);
  }
  const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`${name}: no CPU profile was written in ${out}`);
  return summarizeProfile(join(out, file));
}
