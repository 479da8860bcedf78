import type { ModelPrice } from '../../pricing/index.ts';
import { boundedCharge } from '../../gateway/bounded-charge.ts';
import type { Usage } from '../../domain/usage.ts';
import { crossedThreshold } from '../../contract/events.ts';
import { totalInputTokens } from '../../gateway/estimate.ts';
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
   * Charges the call: the reported usage, or an estimate from the text seen; never more than the reservation
   * (see boundedCharge).
   */
  settle(reported: Usage | undefined, partial: Usage | undefined, outputChars: number, outcome: string, httpStatus: number, responseBody: string | null): void {
    if (this.closed) return;
    this.closed = true;
    const { usage, cost, estimated, implausible } = boundedCharge({
      reported,
      partial,
      inputChars: this.facts.inputChars,
      outputChars,
      reservedMicros: this.reservedMicros,
      priceFor: (u) => this.ctx.prices().priceFor(this.provider, this.facts.model, totalInputTokens(u)) ?? this.worstPrice,
    });
    if (implausible) {
      this.ctx.logger.warn('implausible usage reported: charged at the reservation', { callId: this.id, provider: this.provider.name });
      if (outcome === 'ok') outcome = 'usage_implausible';
    }
    const latencyMs = Math.round(this.ctx.clock.monotonic() - this.startedMono);
    const finishedAt = this.ctx.clock.now();
    // In memory; the record reaches the disk through the journal, which keeps it until the disk takes it.
    this.ctx.ledger.settle(this.id, {
      usage,
      cost,
      outcome,
      httpStatus,
      usageEstimated: estimated,
      finishedAt,
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
    const finishedAt = this.ctx.clock.now();
    this.ctx.ledger.release(this.id, outcome, httpStatus, finishedAt, latencyMs);
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
