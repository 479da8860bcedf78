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
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

const TimeRange = {
  since: z.number().int().optional(),
  until: z.number().int().optional(),
};

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
      /** Calls started before this time (for paging back), newest first. */
      before: z.number().int().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(CallRecordSchema),
    summary: 'recent calls, newest first',
    mutates: false,
  }),
};
