import { scanSecrets } from '../secrets/scan-secrets.ts';

/** One gitleaks rule fixture: `tp` must be detected, `fp` must not. */
export interface SecretCase {
  rule_id: string;
  label: 'tp' | 'fp';
  text: string;
}

export interface SecretEval {
  mustDetect: number;
  detected: number;
  mustNotDetect: number;
  flagged: number;
  recall: number;
  flaggedRate: number;
  /** Per gitleaks rule: [detected tp, total tp, flagged fp, total fp]. */
  byRule: Record<string, [number, number, number, number]>;
  /** Finding types raised on must-not-detect fixtures, with counts: where the false positives come from. */
  fpTypes: Record<string, number>;
}

/** Scores the secret detector on gitleaks' rule fixtures: any finding on a text counts as "detected". */
export function evaluateSecrets(cases: readonly SecretCase[]): SecretEval {
  const byRule: SecretEval['byRule'] = {};
  const fpTypes: Record<string, number> = {};
  let mustDetect = 0, detected = 0, mustNotDetect = 0, flagged = 0;
  for (const c of cases) {
    const found = scanSecrets(c.text);
    const row = (byRule[c.rule_id] ??= [0, 0, 0, 0]);
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
    mustDetect, detected, mustNotDetect, flagged, byRule, fpTypes,
    recall: detected / Math.max(1, mustDetect),
    flaggedRate: flagged / Math.max(1, mustNotDetect),
  };
}
