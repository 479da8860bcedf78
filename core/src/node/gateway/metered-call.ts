import { costMicros, type ModelPrice } from '../../pricing/index.ts';
import type { Usage } from '../../domain/usage.ts';
import { crossedThreshold } from '../../contract/events.ts';
import { estimateUsage, totalInputTokens } from '../../gateway/estimate.ts';
import type { RequestFacts } from '../../providers/index.ts';
import type { Caller, UpstreamProvider } from '../../ports/store.ts';
import type { GatewayContext } from './context.ts';

/**
 * One admitted call: its reservation is settled or released exactly once, whatever happens to the
 * client, the provider or this process's request handling.
 */
export class MeteredCall {
  private closed = false;
  /** Set when the call must stop (agent suspended, token revoked, shutdown). */
  cutReason: string | undefined;
  readonly abort = new AbortController();

  constructor(
    private readonly ctx: GatewayContext,
    readonly id: string,
    readonly caller: Caller,
    readonly provider: UpstreamProvider,
    readonly facts: RequestFacts,
    readonly endpoint: string,
    readonly reservedMicros: number,
    readonly periodKey: string,
    private readonly worstPrice: ModelPrice,
    private readonly startedMono: number,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  cut(reason: string): void {
    this.cutReason ??= reason;
    this.abort.abort();
  }

  /**
   * Charges the call. Reported usage is charged as it is; without it the charge is an estimate from the
   * text seen, capped at the reservation.
   */
  settle(reported: Usage | undefined, partial: Usage | undefined, outputChars: number, outcome: string, httpStatus: number, responseBody: string | null): void {
    if (this.closed) return;
    this.closed = true;
    const usage = reported ?? estimateUsage(partial, this.facts.inputChars, outputChars);
    const price = this.ctx.prices().priceFor(this.provider, this.facts.model, totalInputTokens(usage)) ?? this.worstPrice;
    const exact = costMicros(price, usage);
    const cost = reported ? exact : Math.min(exact, this.reservedMicros);
    const latencyMs = Math.round(this.ctx.clock.monotonic() - this.startedMono);
    this.ctx.ledger.settle(this.id, {
      usage,
      cost,
      outcome,
      httpStatus,
      usageEstimated: reported === undefined,
      finishedAt: this.ctx.clock.now(),
      latencyMs,
      responseBody: this.caller.logBodies ? responseBody : null,
    });
    this.finished(outcome, cost, usage, latencyMs);
  }

  /** Gives the whole reservation back: the provider did no billable work. */
  release(outcome: string, httpStatus: number): void {
    if (this.closed) return;
    this.closed = true;
    const latencyMs = Math.round(this.ctx.clock.monotonic() - this.startedMono);
    this.ctx.ledger.release(this.id, outcome, httpStatus, this.ctx.clock.now(), latencyMs);
    this.finished(outcome, 0, undefined, latencyMs);
  }

  private finished(outcome: string, cost: number, usage: Usage | undefined, latencyMs: number): void {
    const { events, clock } = this.ctx;
    if (!events.hasListeners) return;
    const at = clock.now();
    events.publish({
      type: 'call.finished',
      at,
      callId: this.id,
      agentName: this.caller.agentName,
      providerName: this.provider.name,
      model: this.facts.model,
      endpoint: this.endpoint,
      stream: this.facts.stream,
      outcome,
      costMicros: cost,
      inputTokens: usage ? totalInputTokens(usage) : 0,
      outputTokens: usage?.outputTokens ?? 0,
      latencyMs,
    });
    if (cost === 0) return;
    for (const w of this.ctx.ledger.windows(this.caller.agentId, at)) {
      const percent = crossedThreshold(w.spentMicros - cost, w.spentMicros, w.limitMicros);
      if (percent === undefined) continue;
      events.publish({
        type: 'budget.threshold',
        at,
        agentName: this.caller.agentName,
        percent,
        spentMicros: w.spentMicros,
        limitMicros: w.limitMicros,
        periodKey: w.periodKey,
      });
      return;
    }
  }
}
