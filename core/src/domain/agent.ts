import { z } from 'zod';
import { BudgetPeriodSchema } from './period.ts';
import { GuardPolicySchema } from './guard-policy.ts';

/** Names are used on the command line and in URLs: keep them plain. */
export const NameSchema = z
  .string()
  .min(1, 'a name is required')
  .max(64, 'a name has at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a name uses letters, digits, ".", "_" and "-", and starts with a letter or digit');

export const AgentStatusSchema = z.enum(['active', 'suspended']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

export const ModelListSchema = z.array(z.string().min(1).max(200)).max(500);

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
