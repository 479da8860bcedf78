import { z } from 'zod';
import { AgentStatusSchema, NameSchema } from '../../domain/agent.ts';
import { BudgetPeriodSchema } from '../../domain/period.ts';
import { op } from '../define.ts';
import { CallRecordSchema } from './usage.ts';

const Count = z.number().int().nonnegative();
const Micros = z.number().int().nonnegative();
const EpochMs = z.number().int().nonnegative();

export const SpendDimensionSchema = z.enum(['agent', 'provider', 'model', 'day', 'hour']);
export type SpendDimension = z.infer<typeof SpendDimensionSchema>;

/** What a set of calls cost and used. `calls` excludes refused calls, which are counted in `refused` and cost 0. */
export const SpendTotalsSchema = z.object({
  calls: Count,
  refused: Count,
  costMicros: Micros,
  inputTokens: Count,
  cacheReadTokens: Count,
  cacheWriteTokens: Count,
  outputTokens: Count,
});
export type SpendTotals = z.infer<typeof SpendTotalsSchema>;

/** A local calendar day or hour in the configured time zone, `[start, end)` in epoch ms. */
export const TimeBucketSchema = z.object({
  start: EpochMs,
  end: EpochMs,
  /** `2025-03-30` for a day; `2025-10-26T02:00+02:00` for an hour (the offset tells a repeated hour apart). */
  label: z.string(),
});
export type TimeBucket = z.infer<typeof TimeBucketSchema>;

/** One group of a spend report; a key field is present only when the report is grouped by it. */
export const SpendRowSchema = SpendTotalsSchema.extend({
  agent: z.string().optional(),
  /** null: calls refused before a provider was chosen. */
  provider: z.string().nullable().optional(),
  model: z.string().optional(),
  bucket: z.string().optional(),
  bucketStart: EpochMs.optional(),
});
export type SpendRow = z.infer<typeof SpendRowSchema>;

export const SpendInputSchema = z
  .object({
    /** Epoch ms, inclusive. */
    since: EpochMs,
    /** Epoch ms, exclusive; defaults to now. */
    until: EpochMs.optional(),
    groupBy: z.array(SpendDimensionSchema).max(5).default([]),
    /** Only this agent's calls (as recorded, so a deleted agent's history is still found). */
    agent: NameSchema.optional(),
  })
  .refine((i) => !(i.groupBy.includes('day') && i.groupBy.includes('hour')), {
    message: 'group by day or by hour, not both',
    path: ['groupBy'],
  });
export type SpendInput = z.infer<typeof SpendInputSchema>;

export const SpendReportSchema = z.object({
  timeZone: z.string(),
  since: EpochMs,
  until: EpochMs,
  groupBy: z.array(SpendDimensionSchema),
  /** Non-empty groups, oldest bucket first, then most expensive first. */
  rows: z.array(SpendRowSchema),
  totals: SpendTotalsSchema,
  /** Every day or hour the range touches, empty ones included (so a chart needs no time-zone arithmetic); [] when not grouped by time. */
  buckets: z.array(TimeBucketSchema),
});
export type SpendReport = z.infer<typeof SpendReportSchema>;

export const AgentBudgetSchema = z.object({
  agent: z.string(),
  status: AgentStatusSchema,
  period: BudgetPeriodSchema,
  periodKey: z.string(),
  limitMicros: Micros,
  spentMicros: Micros,
  reservedMicros: Micros,
  remainingMicros: Micros,
  /** When the current period ends; null for a `total` budget. */
  resetsAt: EpochMs.nullable(),
  /** Settled spend per day over the trailing window (from `burnSince`). */
  burnMicrosPerDay: Micros,
  burnSince: EpochMs,
  /** When the remaining budget runs out at that rate; null when nothing was spent in the window. */
  projectedExhaustionAt: EpochMs.nullable(),
  /** Whether that happens before the period resets (always, for a `total` budget that will run out). */
  exhaustsBeforeReset: z.boolean(),
});
export type AgentBudget = z.infer<typeof AgentBudgetSchema>;

export const BudgetsInputSchema = z.object({
  /** Length of the trailing window the burn rate is measured over. */
  windowDays: z.number().int().min(1).max(90).default(7),
});
export type BudgetsInput = z.infer<typeof BudgetsInputSchema>;

export const BudgetsReportSchema = z.object({
  at: EpochMs,
  windowDays: z.number().int(),
  agents: z.array(AgentBudgetSchema),
});
export type BudgetsReport = z.infer<typeof BudgetsReportSchema>;

export const TopCallsInputSchema = z.object({
  since: EpochMs,
  /** Defaults to now. */
  until: EpochMs.optional(),
  agent: NameSchema.optional(),
  limit: z.number().int().min(1).max(200).default(20),
});
export type TopCallsInput = z.infer<typeof TopCallsInputSchema>;

export const analyticsOps = {
  'analytics.spend': op({
    input: SpendInputSchema,
    output: SpendReportSchema,
    summary: 'spend and tokens by agent, provider, model and local day or hour, over a time range',
    mutates: false,
  }),
  'analytics.budgets': op({
    input: BudgetsInputSchema,
    output: BudgetsReportSchema,
    summary: 'every agent\'s budget status, burn rate and projected exhaustion',
    mutates: false,
  }),
  'analytics.topCalls': op({
    input: TopCallsInputSchema,
    output: z.array(CallRecordSchema),
    summary: 'the most expensive calls in a time range, most expensive first',
    mutates: false,
  }),
};
