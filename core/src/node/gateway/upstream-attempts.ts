import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { appError } from '../../domain/errors.ts';
import { backoffMs, isRetryableStatus, retryAfterMs, type RetryPlan } from '../../gateway/retry-plan.ts';
import type { Logger } from '../../ports/logger.ts';

export type RawResponse = Awaited<ReturnType<typeof request>>;

/** A status the breaker counts as a failure, carried through cockatiel as an error. */
class FailedStatus extends Error {
  constructor(readonly response: RawResponse) {
    super(`status ${response.statusCode}`);
  }
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * One circuit breaker per provider (cockatiel: a maintained implementation of consecutive-failure breakers
 * with half-open probes, so we do not hand-roll the state machine).
 */
export class ProviderBreakers {
  private readonly byProvider = new Map<string, CircuitBreakerPolicy>();
  constructor(
    private readonly planFor: (providerName: string) => RetryPlan,
    private readonly onChange: (providerName: string, state: BreakerState) => void = () => undefined,
  ) {}

  for(providerName: string): CircuitBreakerPolicy {
    let b = this.byProvider.get(providerName);
    if (!b) {
      const plan = this.planFor(providerName);
      b = circuitBreaker(handleAll, { halfOpenAfter: plan.breakerOpenMs, breaker: new ConsecutiveBreaker(plan.breakerThreshold) });
      const policy = b;
      b.onStateChange(() => this.onChange(providerName, stateName(policy.state)));
      this.byProvider.set(providerName, b);
    }
    return b;
  }

  state(providerName: string): BreakerState {
    const b = this.byProvider.get(providerName);
    return b ? stateName(b.state) : 'closed';
  }
}

function stateName(s: CircuitState): BreakerState {
  return s === CircuitState.Open || s === CircuitState.Isolated ? 'open' : s === CircuitState.HalfOpen ? 'half-open' : 'closed';
}

export interface AttemptInput {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  signal: AbortSignal;
  dispatcher: Dispatcher;
  providerName: string;
  plan: RetryPlan;
  breakers: ProviderBreakers;
  logger: Logger;
  random?: () => number;
}

export interface AttemptResult {
  response: RawResponse;
  attempts: number;
}

/**
 * Sends a call to its provider, retrying connection errors and 429/500/502/503/504 with exponential back-off and
 * jitter (or the provider's Retry-After) — only ever before any byte of the answer reached the client, since
 * nothing is relayed until this returns. The last attempt's answer is returned whatever its status; a
 * connection failure on the last attempt, an open breaker or a timeout before the first byte throws.
 */
export async function sendWithRetries(a: AttemptInput): Promise<AttemptResult> {
  const breaker = a.breakers.for(a.providerName);
  const random = a.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    const last = attempt > a.plan.retries;
    let waitMs: number;
    try {
      const response = await breaker.execute(async () => {
        const r = await request(a.url, {
          method: 'POST',
          headers: a.headers,
          body: a.body,
          signal: a.signal,
          dispatcher: a.dispatcher,
          headersTimeout: a.plan.firstByteTimeoutMs,
          bodyTimeout: a.plan.idleTimeoutMs,
        });
        // A server error counts against the provider's breaker; a 429 is retried but is not a failure of its health.
        if (isRetryableStatus(r.statusCode) && r.statusCode !== 429) throw new FailedStatus(r);
        return r;
      });
      if (response.statusCode !== 429) return { response, attempts: attempt };
      throw new FailedStatus(response);
    } catch (e) {
      if (e instanceof BrokenCircuitError) {
        throw appError('UPSTREAM_ERROR', `provider "${a.providerName}" is failing: its circuit breaker is open after repeated failures; calls resume after a probe succeeds (within ${Math.round(a.plan.breakerOpenMs / 1000)} s)`);
      }
      if (a.signal.aborted) throw e;
      if (e instanceof FailedStatus) {
        const after = retryAfterMs(e.response.headers['retry-after'], Date.now());
        if (last || (after !== undefined && after > a.plan.maxRetryAfterMs)) return { response: e.response, attempts: attempt };
        await e.response.body.dump().catch(() => undefined);
        waitMs = after ?? backoffMs(a.plan, attempt - 1, random());
      } else {
        const code = (e as { code?: string }).code;
        // A provider that accepted the request but sent nothing in time may be working on it: not retried.
        if (last || code === 'UND_ERR_HEADERS_TIMEOUT') throw e;
        waitMs = backoffMs(a.plan, attempt - 1, random());
      }
      a.logger.info('retrying a provider call', { provider: a.providerName, attempt, waitMs });
    }
    await sleep(waitMs, undefined, { signal: a.signal });
  }
}
