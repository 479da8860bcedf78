import { z } from 'zod';
import { AgentSchema, BudgetLimitsSchema, CreateAgentInputSchema, IcTokenInfoSchema, ModelListSchema, NameSchema } from '../../domain/agent.ts';
import { BudgetPeriodSchema } from '../../domain/period.ts';
import { GuardPolicyPatchSchema } from '../../domain/guard-policy.ts';
import { op } from '../define.ts';

const Micros = z.number().int().nonnegative();

export const BudgetViewSchema = z.object({
  period: BudgetPeriodSchema,
  periodKey: z.string(),
  limitMicros: Micros,
  spentMicros: Micros,
  reservedMicros: Micros,
  /** Granted to running gateways' wallets and not yet reserved by a call; counts against the limit. */
  heldMicros: Micros.optional(),
  remainingMicros: Micros,
  resetsAt: z.number().int().nullable(),
});

export const AgentViewSchema = AgentSchema.extend({
  /** The window with the least left: the one that stops the agent first. */
  budget: BudgetViewSchema,
  /** Every capped window (hourly … total), shortest period first. */
  budgets: z.array(BudgetViewSchema),
  providerNames: z.object({ openai: z.string().nullable(), anthropic: z.string().nullable() }),
});
export type AgentViewDto = z.infer<typeof AgentViewSchema>;

const ByName = z.object({ name: NameSchema });
const ByAgent = z.object({ agent: NameSchema });
const WithToken = z.object({ agent: AgentViewSchema, token: z.string() });

export const UpdateAgentInputSchema = z.object({
  name: NameSchema,
  /** With `period` (or alone on an agent with one cap): that cap's amount; a new period replaces a single cap. */
  budgetMicros: Micros.optional(),
  period: BudgetPeriodSchema.optional(),
  /** Every cap at once, replacing the agent's caps (e.g. $5 hourly, $50 daily and $500 monthly). */
  limits: BudgetLimitsSchema.optional(),
  allowedModels: ModelListSchema.nullable().optional(),
  /** Replaces the agent's providers: at most one per API family. */
  providerNames: z.array(NameSchema).max(2).optional(),
  logBodies: z.boolean().optional(),
  /** Guardrail actions per category and direction, merged over the current policy; null resets to defaults. */
  guardPolicy: GuardPolicyPatchSchema.nullable().optional(),
});
export type UpdateAgentInput = z.infer<typeof UpdateAgentInputSchema>;

export const agentOps = {
  'agents.list': op({ input: z.object({}), output: z.array(AgentViewSchema), summary: 'list agents with their budget status', mutates: false }),
  'agents.get': op({ input: ByName, output: AgentViewSchema, summary: 'one agent with its budget status', mutates: false }),
  'agents.create': op({ input: CreateAgentInputSchema, output: WithToken, summary: 'create an agent; its IC token is returned once', mutates: true }),
  'agents.update': op({ input: UpdateAgentInputSchema, output: AgentViewSchema, summary: 'change budgets (one or several caps), period, models, providers, body logging or guardrail policy', mutates: true }),
  'agents.suspend': op({ input: ByName, output: AgentViewSchema, summary: 'kill switch: refuse new calls and cut running ones', mutates: true }),
  'agents.resume': op({ input: ByName, output: AgentViewSchema, summary: 'let a suspended agent call again', mutates: true }),
  'agents.delete': op({ input: ByName, output: z.object({ deleted: z.literal(true) }), summary: 'delete an agent and its tokens (its call records stay)', mutates: true }),
  'tokens.list': op({ input: ByAgent, output: z.array(IcTokenInfoSchema), summary: 'an agent\'s tokens (never their values)', mutates: false }),
  'tokens.issue': op({ input: ByAgent, output: WithToken, summary: 'issue an extra token, returned once', mutates: true }),
  'tokens.rotate': op({ input: ByAgent, output: WithToken, summary: 'revoke every token and issue a new one, returned once', mutates: true }),
  'tokens.revoke': op({ input: ByAgent, output: z.object({ revoked: z.number().int() }), summary: 'revoke every token of an agent', mutates: true }),
};
