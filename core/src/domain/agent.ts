import { z } from 'zod';
import { BudgetPeriodSchema, PERIODS_SHORTEST_FIRST, type BudgetPeriod } from './period.ts';
import { GuardPolicySchema } from './guard-policy.ts';

/**
 * Names are used on the command line and in URLs: letters and digits of any script (so a team can name agents
 * in its own language), ".", "_" and "-", no spaces. Names that differ only in case are refused where they are
 * created, so `Bot` and `bot` never sit side by side.
 */
export const NameSchema = z
  .string()
  .min(1, 'a name is required')
  .max(64, 'a name has at most 64 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$/u, 'a name uses letters, digits, ".", "_" and "-" (no spaces), and starts with a letter or digit');

export const AgentStatusSchema = z.enum(['active', 'suspended']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** A model id as providers spell them (`gpt-4o-mini`, `claude-sonnet-4-5`, `meta-llama/Llama-3-8b:free`). */
export const ModelIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/, 'a model id has no spaces and uses letters, digits and . _ : / @ + -');

export const ModelListSchema = z.array(ModelIdSchema).max(500);

/** One cap on an agent's spending: at most `limitMicros` in each window of `period`. */
export const BudgetLimitSchema = z.object({
  period: BudgetPeriodSchema,
  limitMicros: z.number().int().nonnegative(),
});
export type BudgetLimit = z.infer<typeof BudgetLimitSchema>;

/** An agent's caps: at least one, at most one per period (every call must fit all of them). */
export const BudgetLimitsSchema = z
  .array(BudgetLimitSchema)
  .min(1, 'an agent needs at least one budget')
  .max(PERIODS_SHORTEST_FIRST.length)
  .refine((ls) => new Set(ls.map((l) => l.period)).size === ls.length, 'at most one budget per period');

/** Caps ordered from the shortest period to the longest. */
export function sortLimits(limits: readonly BudgetLimit[]): BudgetLimit[] {
  const rank = (p: BudgetPeriod) => PERIODS_SHORTEST_FIRST.indexOf(p);
  return [...limits].sort((a, b) => rank(a.period) - rank(b.period));
}

export const AgentSchema = z.object({
  id: z.string(),
  name: NameSchema,
  status: AgentStatusSchema,
  /** Every cap of the agent, shortest period first: the one source of its limits. */
  limits: BudgetLimitsSchema,
  /** The longest-period cap (derived from `limits`), for displays and scripts that show one budget. */
  budgetMicros: z.number().int().nonnegative(),
  period: BudgetPeriodSchema,
  /** null: every model the agent's providers price. */
  allowedModels: ModelListSchema.nullable(),
  /** Provider id per API family. */
  providers: z.object({ openai: z.string().nullable(), anthropic: z.string().nullable() }),
  logBodies: z.boolean(),
  /** The effective guardrail policy (the agent's own choices over the defaults). */
  guardPolicy: GuardPolicySchema,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Agent = z.infer<typeof AgentSchema>;

export const CreateAgentInputSchema = z.object({
  name: NameSchema,
  budgetMicros: z.number().int().nonnegative().optional(),
  period: BudgetPeriodSchema.default('monthly'),
  /** Several caps at once (e.g. hourly, daily and monthly); when given, replaces `budgetMicros` and `period`. */
  limits: BudgetLimitsSchema.optional(),
  allowedModels: ModelListSchema.nullable().default(null),
  providerNames: z.array(NameSchema).max(2).default([]),
  logBodies: z.boolean().default(false),
}).refine((i) => i.budgetMicros !== undefined || i.limits !== undefined, { message: 'a budget is required (budgetMicros, or limits)', path: ['budgetMicros'] });
export type CreateAgentInput = z.input<typeof CreateAgentInputSchema>;

/** The caps a create input asks for. */
export function limitsOf(input: { budgetMicros?: number | undefined; period: BudgetPeriod; limits?: BudgetLimit[] | undefined }): BudgetLimit[] {
  return sortLimits(input.limits ?? [{ period: input.period, limitMicros: input.budgetMicros ?? 0 }]);
}

/** What a caller sees of an IC token after creation: never the token itself. */
export const IcTokenInfoSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  prefix: z.string(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});
export type IcTokenInfo = z.infer<typeof IcTokenInfoSchema>;
