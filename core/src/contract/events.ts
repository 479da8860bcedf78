import { z } from 'zod';

const Count = z.number().int().nonnegative();

/** Live events for dashboards: what happens as it happens. Never carries a key, a token or a body. */
export const AdminEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call.finished'),
    at: z.number().int(),
    callId: z.string(),
    agentName: z.string(),
    providerName: z.string(),
    model: z.string(),
    endpoint: z.string(),
    stream: z.boolean(),
    outcome: z.string(),
    costMicros: Count,
    inputTokens: Count,
    outputTokens: Count,
    latencyMs: Count,
  }),
  z.object({
    type: z.literal('call.refused'),
    at: z.number().int(),
    /** The refused call's record (absent from gateways older than this field). */
    callId: z.string().optional(),
    agentName: z.string(),
    model: z.string(),
    code: z.string(),
  }),
  z.object({
    type: z.literal('budget.threshold'),
    at: z.number().int(),
    agentName: z.string(),
    /** The threshold crossed: 50, 80 or 100 % of the period's budget. */
    percent: z.union([z.literal(50), z.literal(80), z.literal(100)]),
    spentMicros: Count,
    limitMicros: Count,
    periodKey: z.string(),
  }),
  z.object({
    type: z.literal('safety'),
    at: z.number().int(),
    agentName: z.string(),
    /** The call it happened in (absent when the request was refused before it became a call). */
    callId: z.string().optional(),
    direction: z.enum(['request', 'response']),
    category: z.enum(['secret', 'pii', 'injection']),
    action: z.enum(['flag', 'redact', 'block']),
    /** Finding types (e.g. AWS_ACCESS_KEY, EMAIL), never the matched text. */
    types: z.array(z.string()),
    count: Count,
  }),
  z.object({
    /** Another process (a CLI, a second gateway) committed to the shared database: re-read what is shown. */
    type: z.literal('data.changed'),
    at: z.number().int(),
  }),
  z.object({
    type: z.literal('agent.changed'),
    at: z.number().int(),
    agentName: z.string(),
    change: z.enum(['created', 'updated', 'suspended', 'resumed', 'deleted', 'token']),
  }),
]);
export type AdminEvent = z.infer<typeof AdminEventSchema>;
export type AdminEventType = AdminEvent['type'];

export const BUDGET_THRESHOLDS = [50, 80, 100] as const;

/** The highest threshold crossed by going from `before` to `after` spent out of `limit`, if any. */
export function crossedThreshold(before: number, after: number, limit: number): (typeof BUDGET_THRESHOLDS)[number] | undefined {
  if (limit <= 0 || after <= before) return undefined;
  let crossed: (typeof BUDGET_THRESHOLDS)[number] | undefined;
  for (const t of BUDGET_THRESHOLDS) {
    const mark = (limit * t) / 100;
    if (before < mark && after >= mark) crossed = t;
  }
  return crossed;
}

/** A typed in-process fan-out for admin events; transports subscribe and forward. */
export class EventHub {
  private readonly listeners = new Set<(e: AdminEvent) => void>();

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  publish(event: AdminEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // One broken subscriber must not stop the others, nor the call that produced the event.
      }
    }
  }

  subscribe(listener: (e: AdminEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
