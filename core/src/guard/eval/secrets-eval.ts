import { scanSecrets } from '../secrets/scan-secrets.ts';
import type { SecretCase } from './secret-sources.ts';

export interface SecretEval {
  source: string;
  mustDetect: number;
  detected: number;
  mustNotDetect: number;
  flagged: number;
  recall: number;
  flaggedRate: number;
  /** Per upstream rule: [detected tp, total tp, flagged fp, total fp]. */
  byRule: Record<string, [number, number, number, number]>;
  /** Finding types raised on must-not-detect fixtures, with counts: where the false positives come from. */
  fpTypes: Record<string, number>;
}

/**
 * Scores the secret detector on rule fixtures, per source and pooled: any finding on a text counts as
 * "detected". A must-not-detect fixture whose exact text is another rule's must-detect example (Nosey Parker
 * lists a bot token as a negative of its user-token rule) is a contradiction, not a negative: it is skipped.
 */
export function evaluateSecrets(cases: readonly SecretCase[]): { sources: SecretEval[]; pooled: SecretEval } {
  const positives = new Set(cases.filter((c) => c.label === 'tp').map((c) => c.text));
  const usable = cases.filter((c) => c.label === 'tp' || !positives.has(c.text));
  const sources = [...new Set(usable.map((c) => c.source))].map((s) => score(s, usable.filter((c) => c.source === s)));
  return { sources, pooled: score('pooled', usable) };
}

function score(source: string, cases: readonly SecretCase[]): SecretEval {
  const byRule: SecretEval['byRule'] = {};
  const fpTypes: Record<string, number> = {};
  let mustDetect = 0, detected = 0, mustNotDetect = 0, flagged = 0;
  for (const c of cases) {
    const found = scanSecrets(c.text);
    const row = (byRule[c.rule] ??= [0, 0, 0, 0]);
    if (c.label === 'tp') {
      mustDetect++;
      row[1]++;
      if (found.length > 0) {
        detected++;
        row[0]++;
      }
    } else {
      mustNotDetect++;
      row[3]++;
      if (found.length > 0) {
        flagged++;
        row[2]++;
        for (const f of found) fpTypes[f.type] = (fpTypes[f.type] ?? 0) + 1;
      }
    }
  }
  return {
    source, mustDetect, detected, mustNotDetect, flagged, byRule, fpTypes,
    recall: detected / Math.max(1, mustDetect),
    flaggedRate: flagged / Math.max(1, mustNotDetect),
  };
}
