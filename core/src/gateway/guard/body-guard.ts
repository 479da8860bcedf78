import { redact } from '../../guard/redact.ts';
import type { Finding } from '../../guard/finding.ts';
import { activeCategories, type GuardAction, type GuardCategory, type GuardDirection, type GuardPolicy } from '../../domain/guard-policy.ts';
import { walkFields, type TextVisitor } from './text-walk.ts';

/** Scans one text for the given categories (the host binds the detectors and the injection model). */
export type GuardScanner = (text: string, categories: readonly GuardCategory[]) => Finding[];

/** What was found in one category and what was done about it. Types only: never the matched text. */
export interface GuardDecision {
  category: GuardCategory;
  action: Exclude<GuardAction, 'off'>;
  types: string[];
  count: number;
}

export interface GuardResult {
  /** Set when a `block` category matched: the call must be refused. */
  blocked: GuardDecision | undefined;
  /** Whether any text was redacted in place. */
  changed: boolean;
  decisions: GuardDecision[];
}

export const NO_FINDINGS: GuardResult = Object.freeze({ blocked: undefined, changed: false, decisions: [] as GuardDecision[] });

/** Accumulates findings into per-category decisions. */
export class DecisionLog {
  private readonly byCategory = new Map<GuardCategory, GuardDecision>();

  add(category: GuardCategory, action: Exclude<GuardAction, 'off'>, type: string): GuardDecision {
    let d = this.byCategory.get(category);
    if (!d) {
      d = { category, action, types: [], count: 0 };
      this.byCategory.set(category, d);
    }
    d.count++;
    if (!d.types.includes(type)) d.types.push(type);
    return d;
  }

  get all(): GuardDecision[] {
    return [...this.byCategory.values()];
  }
}

/**
 * Applies a direction of an agent's policy to the given fields of a JSON body: redacts in place, and reports
 * what to flag or whether to block. Stops at the first blocking finding: the call is refused anyway.
 */
export function guardBody(
  body: Record<string, unknown>,
  fields: readonly string[],
  policy: GuardPolicy,
  direction: GuardDirection,
  scan: GuardScanner,
): GuardResult {
  const categories = activeCategories(policy, direction);
  if (categories.length === 0) return NO_FINDINGS;
  const log = new DecisionLog();
  let blocked: GuardDecision | undefined;
  const visit: TextVisitor = (text) => {
    if (blocked) return undefined;
    const findings = scan(text, categories);
    if (findings.length === 0) return undefined;
    const toRedact: Finding[] = [];
    for (const f of findings) {
      const action = policy[f.category][direction];
      if (action === 'off') continue;
      const d = log.add(f.category, action, f.type);
      if (action === 'block') blocked ??= d;
      else if (action === 'redact') toRedact.push(f);
    }
    return toRedact.length > 0 && !blocked ? redact(text, toRedact) : undefined;
  };
  const changed = walkFields(body, fields, visit);
  return { blocked, changed, decisions: log.all };
}
