import { z } from 'zod';

/** What the gateway does with a finding: nothing, record it, replace it before it leaves, or refuse the call. */
export const GuardActionSchema = z.enum(['off', 'flag', 'redact', 'block']);
export type GuardAction = z.infer<typeof GuardActionSchema>;

export const GuardCategorySchema = z.enum(['secret', 'pii', 'injection']);
export type GuardCategory = z.infer<typeof GuardCategorySchema>;

export type GuardDirection = 'request' | 'response';

const Rule = z.object({ request: GuardActionSchema, response: GuardActionSchema });

export const GuardPolicySchema = z.object({ secret: Rule, pii: Rule, injection: Rule });
export type GuardPolicy = z.infer<typeof GuardPolicySchema>;

/**
 * The defaults: a secret never leaves the machine in a request and never reaches the agent in a response;
 * personal data and injection attempts are recorded for review.
 */
export const DEFAULT_GUARD_POLICY: GuardPolicy = Object.freeze({
  secret: Object.freeze({ request: 'block', response: 'redact' }),
  pii: Object.freeze({ request: 'flag', response: 'flag' }),
  injection: Object.freeze({ request: 'flag', response: 'flag' }),
}) as GuardPolicy;

export const GUARD_CATEGORIES: readonly GuardCategory[] = GuardCategorySchema.options;

/** A partial policy merged over the defaults (what an agent stores and an admin sends). */
export const GuardPolicyPatchSchema = z.object({
  secret: Rule.partial().optional(),
  pii: Rule.partial().optional(),
  injection: Rule.partial().optional(),
});
export type GuardPolicyPatch = z.infer<typeof GuardPolicyPatchSchema>;

export function mergeGuardPolicy(base: GuardPolicy, patch: GuardPolicyPatch | null | undefined): GuardPolicy {
  if (!patch) return base;
  return {
    secret: { ...base.secret, ...patch.secret },
    pii: { ...base.pii, ...patch.pii },
    injection: { ...base.injection, ...patch.injection },
  };
}

/** The categories that need scanning in one direction (anything not `off`). */
export function activeCategories(policy: GuardPolicy, direction: GuardDirection): GuardCategory[] {
  return GUARD_CATEGORIES.filter((c) => policy[c][direction] !== 'off');
}
