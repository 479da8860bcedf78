import type { Summary } from './stats.ts';

/** One closed-loop load run: `concurrency` workers, each sending its next request when the last one ended. */
export interface LoadJob {
  id: number;
  /** e.g. `http://127.0.0.1:1234`. */
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  concurrency: number;
  /** Stop starting requests after this many (measured ones, warm-up excluded). */
  maxRequests: number;
  /** Hard bound on the measured part, whatever `maxRequests` says. */
  durationMs: number;
  /** Requests before the measurement starts (connections opened, JIT warm); not recorded. */
  warmupRequests: number;
}

export interface LoadResult {
  id: number;
  /** Measured requests that completed, any status. */
  completed: number;
  /** Wall time of the measured part, ms. */
  elapsedMs: number;
  /** completed / elapsed, requests per second. */
  rps: number;
  /** Count per HTTP status (measured requests). */
  statuses: Record<string, number>;
  /** Requests that failed at the transport level. */
  errors: number;
  firstError?: string;
  /** Request start to the end of the response body, 2xx only. */
  latency: Summary;
  /** Request start to the first body chunk, 2xx only. */
  firstChunk: Summary;
  /** Body reads per 2xx response: 1 when the answer came in one piece, more when it was relayed as it came. */
  readsPerResponse: number;
}

export type LoadRequest = { type: 'job'; job: LoadJob } | { type: 'exit' };
export type LoadReply = { type: 'result'; result: LoadResult } | { type: 'error'; id: number; message: string };
