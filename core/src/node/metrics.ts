import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventHub } from '../contract/events.ts';

export interface GatewayMetrics {
  /** The Prometheus text exposition of every metric. */
  render(): Promise<{ contentType: string; body: string }>;
  breakerChanged(provider: string, state: 'closed' | 'open' | 'half-open'): void;
  stop(): void;
}

const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;

/**
 * Prometheus metrics (prom-client: the maintained Node client, with correct histogram buckets and text format)
 * fed from the gateway's live events, so the call path itself carries no metrics code. A registry of its own,
 * never the global one, so two gateways in one process (tests, the desktop app) do not mix their figures.
 * Labels are bounded: agents and providers are configured, models are priced ones (a refused call's model,
 * which an agent can invent, is never a label).
 */
export function createGatewayMetrics(events: EventHub): GatewayMetrics {
  const registry = new Registry();
  const calls = new Counter({ name: 'iron_cage_calls_total', help: 'Calls answered, by agent, provider, model and outcome', labelNames: ['agent', 'provider', 'model', 'outcome'], registers: [registry] });
  const latency = new Histogram({
    name: 'iron_cage_call_duration_seconds',
    help: 'Call latency, from admission to settlement, by agent, provider and model',
    labelNames: ['agent', 'provider', 'model'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const spend = new Counter({ name: 'iron_cage_spend_usd_total', help: 'Spend charged, in USD, by agent, provider and model', labelNames: ['agent', 'provider', 'model'], registers: [registry] });
  const tokens = new Counter({ name: 'iron_cage_tokens_total', help: 'Tokens charged, by agent, provider, model and direction', labelNames: ['agent', 'provider', 'model', 'direction'], registers: [registry] });
  const refusals = new Counter({ name: 'iron_cage_refusals_total', help: 'Calls refused before reaching a provider, by agent and code', labelNames: ['agent', 'code'], registers: [registry] });
  const rateLimited = new Counter({ name: 'iron_cage_rate_limit_hits_total', help: 'Calls refused by a per-agent rate limit, by agent', labelNames: ['agent'], registers: [registry] });
  const breaker = new Gauge({ name: 'iron_cage_breaker_state', help: 'Circuit breaker state per provider: 1 for the current state', labelNames: ['provider', 'state'], registers: [registry] });

  const unsubscribe = events.subscribe((e) => {
    if (e.type === 'call.finished') {
      const l = { agent: e.agentName, provider: e.providerName, model: e.model };
      calls.inc({ ...l, outcome: e.outcome });
      latency.observe(l, e.latencyMs / 1000);
      if (e.costMicros > 0) spend.inc(l, e.costMicros / 1e6);
      if (e.inputTokens > 0) tokens.inc({ ...l, direction: 'input' }, e.inputTokens);
      if (e.outputTokens > 0) tokens.inc({ ...l, direction: 'output' }, e.outputTokens);
    } else if (e.type === 'call.refused') {
      refusals.inc({ agent: e.agentName, code: e.code });
      if (e.code === 'rate_limited') rateLimited.inc({ agent: e.agentName });
    }
  });
  return {
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    breakerChanged(provider, state) {
      for (const s of BREAKER_STATES) breaker.set({ provider, state: s }, s === state ? 1 : 0);
    },
    stop: () => void unsubscribe(),
  };
}
