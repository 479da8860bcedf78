import { z } from 'zod';
import { NameSchema } from '../../domain/agent.ts';
import { op } from '../define.ts';

const Count = z.number().int().nonnegative();

export const UsageRowSchema = z.object({
  agentName: z.string(),
  model: z.string(),
  calls: Count,
  refused: Count,
  inputTokens: Count,
  cacheReadTokens: Count,
  cacheWriteTokens: Count,
  outputTokens: Count,
  costMicros: Count,
});

/** How a call ended, as the dashboard groups it: a kill-switch cut is Iron Cage's doing, not the upstream's. */
export const CallKindSchema = z.enum(['ok', 'refused', 'stopped', 'failed', 'in_flight']);
export type CallKind = z.infer<typeof CallKindSchema>;
/** Outcomes of calls that Iron Cage (kill switch, guardrail) or the agent itself ended. */
export const STOPPED_OUTCOMES = ['cut_off', 'guardrail_blocked', 'client_disconnected'] as const;

export function callKind(c: { state: string; outcome: string }): CallKind {
  if (c.state === 'refused') return 'refused';
  if (c.state === 'reserved' || c.outcome === 'in_flight') return 'in_flight';
  if (c.outcome === 'ok') return 'ok';
  return (STOPPED_OUTCOMES as readonly string[]).includes(c.outcome) ? 'stopped' : 'failed';
}

/** One guardrail decision on a call: finding types and a count, never the matched text. */
export const CallFindingSchema = z.object({
  direction: z.enum(['request', 'response']),
  category: z.enum(['secret', 'pii', 'injection']),
  action: z.enum(['flag', 'redact', 'block']),
  types: z.array(z.string()),
  count: Count,
});
export type CallFinding = z.infer<typeof CallFindingSchema>;

/** One call as the live log shows it. Bodies are never part of it. */
export const CallRecordSchema = z.object({
  id: z.string(),
  agentName: z.string(),
  providerName: z.string().nullable(),
  endpoint: z.string(),
  model: z.string(),
  stream: z.boolean(),
  state: z.enum(['reserved', 'settled', 'released', 'refused']),
  outcome: z.string(),
  httpStatus: z.number().int().nullable(),
  reservedMicros: Count,
  costMicros: Count,
  inputTokens: Count,
  cacheReadTokens: Count,
  cacheWriteTokens: Count,
  outputTokens: Count,
  reasoningTokens: Count,
  usageEstimated: z.boolean(),
  startedAt: z.number().int(),
  latencyMs: z.number().int().nullable(),
  /** Guardrail findings stored with the call (absent where a query does not read them). */
  findings: z.array(CallFindingSchema).optional(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

const TimeRange = {
  /** Epoch ms, inclusive. */
  since: z.number().int().optional(),
  /** Epoch ms, exclusive. */
  until: z.number().int().optional(),
};

/** One call with what the guardrails found and, for an agent that opted in, the bodies as they left the machine. */
export const CallDetailSchema = z.object({
  call: CallRecordSchema,
  /** The request body sent upstream (redactions applied); null unless the agent logs bodies. */
  requestBody: z.string().nullable(),
  /** The response body returned to the agent; null unless the agent logs bodies. */
  responseBody: z.string().nullable(),
});
export type CallDetail = z.infer<typeof CallDetailSchema>;

export const usageOps = {
  'usage.summary': op({
    input: z.object({ agent: NameSchema.optional(), ...TimeRange }),
    output: z.array(UsageRowSchema),
    summary: 'spend and tokens per agent and model',
    mutates: false,
  }),
  'calls.list': op({
    input: z.object({
      agent: NameSchema.optional(),
      outcome: z.string().max(64).optional(),
      kind: CallKindSchema.optional(),
      /** Matches model, outcome, provider or agent (case-insensitive substring). */
      text: z.string().max(200).optional(),
      ...TimeRange,
      /** Calls started before this time (for paging back), newest first. */
      before: z.number().int().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(CallRecordSchema),
    summary: 'recent calls, newest first',
    mutates: false,
  }),
  'calls.get': op({
    input: z.object({ id: z.string().min(1).max(100) }),
    output: CallDetailSchema,
    summary: 'one call with its guardrail findings and, if the agent logs bodies, its bodies',
    mutates: false,
  }),
};
