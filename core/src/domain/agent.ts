import { z } from 'zod';
import { BudgetPeriodSchema } from './period.ts';
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

export const AgentSchema = z.object({
  id: z.string(),
  name: NameSchema,
  status: AgentStatusSchema,
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
  budgetMicros: z.number().int().nonnegative(),
  period: BudgetPeriodSchema.default('monthly'),
  allowedModels: ModelListSchema.nullable().default(null),
  providerNames: z.array(NameSchema).max(2).default([]),
  logBodies: z.boolean().default(false),
});
export type CreateAgentInput = z.input<typeof CreateAgentInputSchema>;

/** What a caller sees of an IC token after creation: never the token itself. */
export const IcTokenInfoSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  prefix: z.string(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});
export type IcTokenInfo = z.infer<typeof IcTokenInfoSchema>;
