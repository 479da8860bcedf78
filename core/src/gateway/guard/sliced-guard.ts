import type { Finding } from '../../guard/finding.ts';
import { activeCategories, type GuardCategory, type GuardDirection, type GuardPolicy } from '../../domain/guard-policy.ts';
import { guardBody, NO_FINDINGS, type GuardResult, type GuardScanner } from './body-guard.ts';
import { walkFields } from './text-walk.ts';

/** Longest text scanned in one go: a few milliseconds of detector time, so the event loop is never held long. */
export const SLICE_CHARS = 64 * 1024;
/** Slices overlap by this much, so a finding across a boundary is seen whole in the next slice. */
export const OVERLAP_CHARS = 2048;

/** Lets other work (health checks, other calls' streams) run between slices. */
export type Yield = () => Promise<void>;

/** Scans a text in bounded slices, yielding between them; findings carry offsets into the whole text. */
export async function scanInSlices(text: string, categories: readonly GuardCategory[], scan: GuardScanner, yieldNow: Yield): Promise<Finding[]> {
  if (text.length <= SLICE_CHARS) return scan(text, categories);
  const seen = new Map<string, Finding>();
  for (let start = 0; start < text.length; start += SLICE_CHARS) {
    await yieldNow();
    const from = Math.max(0, start - OVERLAP_CHARS);
    const end = Math.min(text.length, start + SLICE_CHARS);
    for (const f of scan(text.slice(from, end), categories)) {
      // A finding that reaches the slice's end may be cut short: the next slice sees it whole.
      if (f.end + from >= end && end < text.length) continue;
      const whole = { ...f, start: f.start + from, end: f.end + from };
      seen.set(`${whole.type}:${whole.start}:${whole.end}`, whole);
    }
  }
  return [...seen.values()];
}

/**
 * guardBody for large bodies: every text is scanned in bounded slices with the event loop free in between
 * (a 19 MB request used to hold it for seconds), then the policy is applied exactly as guardBody does.
 */
export async function guardBodyInSlices(
  body: Record<string, unknown>,
  fields: readonly string[],
  policy: GuardPolicy,
  direction: GuardDirection,
  scan: GuardScanner,
  yieldNow: Yield,
): Promise<GuardResult> {
  const categories = activeCategories(policy, direction);
  if (categories.length === 0) return NO_FINDINGS;
  const texts: string[] = [];
  walkFields(body, fields, (text) => {
    texts.push(text);
    return undefined;
  });
  const found: Finding[][] = [];
  for (const text of texts) found.push(await scanInSlices(text, categories, scan, yieldNow));
  // The second walk visits the same texts in the same order; guardBody applies redactions and decisions.
  let next = 0;
  return guardBody(body, fields, policy, direction, () => found[next++] ?? []);
}
