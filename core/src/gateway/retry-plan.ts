/** How a provider's calls are retried and timed out; every field has a default (see DEFAULT_RETRY_PLAN). */
export interface RetryPlan {
  /** Extra attempts after the first, before any byte reaches the client. */
  retries: number;
  /** First back-off, doubled on each retry, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the provider's answer goes to the client instead. */
  maxRetryAfterMs: number;
  connectTimeoutMs: number;
  /** Until the provider's response headers arrive. */
  firstByteTimeoutMs: number;
  /** Longest silence between two pieces of an answer (stream events). */
  idleTimeoutMs: number;
  /** Consecutive failed attempts that open a provider's circuit breaker, and how long it stays open. */
  breakerThreshold: number;
  breakerOpenMs: number;
}

export const DEFAULT_RETRY_PLAN: Readonly<RetryPlan> = Object.freeze({
  retries: 2,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
  connectTimeoutMs: 10_000,
  firstByteTimeoutMs: 120_000,
  idleTimeoutMs: 120_000,
  breakerThreshold: 5,
  breakerOpenMs: 30_000,
});

/** Statuses worth another attempt: rate limited, or a server-side failure that may pass. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Seconds or an HTTP date, as milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential back-off with full jitter (`random` in [0, 1)). */
export function backoffMs(plan: RetryPlan, retry: number, random: number): number {
  const ceiling = Math.min(plan.maxDelayMs, plan.baseDelayMs * 2 ** retry);
  return Math.floor(random * ceiling);
}
