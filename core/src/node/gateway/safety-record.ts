import type { GuardDirection } from '../../domain/guard-policy.ts';
import type { GuardDecision } from '../../gateway/guard/body-guard.ts';
import type { GatewayContext } from './context.ts';

/** Audits each guardrail decision and sends it to the live view. Types and counts only, never matched text. */
export function recordSafety(
  ctx: GatewayContext,
  agentName: string,
  direction: GuardDirection,
  decisions: readonly GuardDecision[],
  callId?: string,
): void {
  if (decisions.length === 0) return;
  const at = ctx.clock.now();
  if (callId) ctx.findings?.append(callId, decisions.map((d) => ({ direction, category: d.category, action: d.action, types: d.types, count: d.count })));
  for (const d of decisions) {
    ctx.audit.append(
      {
        actor: 'gateway',
        action: `safety.${d.action === 'flag' ? 'flagged' : d.action === 'redact' ? 'redacted' : 'blocked'}`,
        target: agentName,
        details: { direction, category: d.category, types: d.types, count: d.count, ...(callId ? { callId } : {}) },
      },
      at,
    );
    ctx.events.publish({
      type: 'safety',
      at,
      agentName,
      ...(callId ? { callId } : {}),
      direction,
      category: d.category,
      action: d.action,
      types: d.types,
      count: d.count,
    });
  }
}

const CATEGORY_NAMES = { secret: 'a secret', pii: 'personal data', injection: 'a prompt-injection attempt' } as const;

/** The refusal message: names the category and finding types, never the value. */
export function blockedMessage(d: GuardDecision, direction: GuardDirection): string {
  return `the ${direction} contains ${CATEGORY_NAMES[d.category]} (${d.types.join(', ')}); this agent's policy blocks ${d.category} in ${direction}s`;
}
