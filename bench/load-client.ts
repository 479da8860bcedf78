/**
 * The load generator, run in its own process (bundled, no loader hooks) so that its work is never counted as
 * the servers' work. It takes jobs from its parent over IPC and answers with summaries.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { LoadJob, LoadReply, LoadRequest, LoadResult } from './load-protocol.ts';
import { summarize } from './stats.ts';

interface Sample {
  status: number;
  totalMs: number;
  firstChunkMs: number;
  reads: number;
}

async function once(pool: Pool, job: LoadJob): Promise<Sample> {
  const t0 = performance.now();
  const { statusCode, body } = await pool.request({ path: job.path, method: 'POST', headers: job.headers, body: job.body });
  let first = 0;
  let reads = 0;
  for await (const _chunk of body) {
    if (reads === 0) first = performance.now() - t0;
    reads++;
  }
  return { status: statusCode, totalMs: performance.now() - t0, firstChunkMs: first, reads };
}

async function run(job: LoadJob): Promise<LoadResult> {
  const pool = new Pool(job.origin, { connections: job.concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  try {
    // Warm-up: open every connection and let both ends' JIT settle; bounded by count and by time.
    const warmDeadline = performance.now() + Math.max(2_000, job.durationMs);
    let warmLeft = job.warmupRequests;
    await Promise.all(
      Array.from({ length: Math.min(job.concurrency, Math.max(1, job.warmupRequests)) }, async () => {
        while (warmLeft > 0 && performance.now() < warmDeadline) {
          warmLeft--;
          await once(pool, job).catch(() => undefined);
        }
      }),
    );

    const samples: Sample[] = [];
    const statuses: Record<string, number> = {};
    let errors = 0;
    let firstError: string | undefined;
    let started = 0;
    const t0 = performance.now();
    const deadline = t0 + job.durationMs;
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        while (started < job.maxRequests && performance.now() < deadline) {
          started++;
          try {
            const s = await once(pool, job);
            samples.push(s);
            statuses[s.status] = (statuses[s.status] ?? 0) + 1;
          } catch (e) {
            errors++;
            firstError ??= (e as Error).message;
          }
        }
      }),
    );
    const elapsedMs = performance.now() - t0;
    const ok = samples.filter((s) => s.status >= 200 && s.status < 300);
    return {
      id: job.id,
      completed: samples.length,
      elapsedMs,
      rps: (samples.length * 1000) / elapsedMs,
      statuses,
      errors,
      ...(firstError !== undefined ? { firstError } : {}),
      latency: summarize(ok.map((s) => s.totalMs)),
      firstChunk: summarize(ok.map((s) => s.firstChunkMs)),
      readsPerResponse: ok.length ? ok.reduce((n, s) => n + s.reads, 0) / ok.length : 0,
    };
  } finally {
    await pool.destroy();
  }
}

function reply(msg: LoadReply): void {
  process.send?.(msg);
}

process.on('message', (msg: LoadRequest) => {
  if (msg.type === 'exit') {
    process.disconnect?.();
    return;
  }
  run(msg.job).then(
    (result) => reply({ type: 'result', result }),
    (e: unknown) => reply({ type: 'error', id: msg.job.id, message: (e as Error).message }),
  );
});
// The parent going away (even killed) closes the IPC channel: never outlive it.
process.on('disconnect', () => process.exit(0));
