import type { Finding } from '../finding.ts';
import { scanPii } from '../pii/scan-pii.ts';

/** One Presidio recognizer test case. Each tests one recognizer; other PII in the text is unlabelled. */
export interface PiiCase {
  text: string;
  entities: string[];
  expected_count: number;
  spans: Array<{ start: number; end: number }>;
}

/** Presidio entity → the finding type that should cover it. */
export const PRESIDIO_TO_TYPE: Readonly<Record<string, string>> = {
  EMAIL_ADDRESS: 'EMAIL', PHONE_NUMBER: 'PHONE', TR_PHONE_NUMBER: 'PHONE', PH_MOBILE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD', IBAN_CODE: 'IBAN', US_SSN: 'US_SSN', IP_ADDRESS: 'IP_ADDRESS',
  UK_NHS: 'UK_NHS', ES_NIF: 'ES_NIF', ES_NIE: 'ES_NIE', PL_PESEL: 'PL_PESEL', FI_PERSONAL_IDENTITY_CODE: 'FI_PERSONAL_IDENTITY_CODE',
  TR_NATIONAL_ID: 'TR_NATIONAL_ID', SG_NRIC_FIN: 'SG_NRIC_FIN', CA_SIN: 'CA_SIN', AU_TFN: 'AU_TFN', AU_ABN: 'AU_ABN',
};

export interface PiiTypeEval {
  entity: string;
  type: string;
  cases: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  /** Findings of this type raised on other recognizers' cases: not scored (those texts are unlabelled for it). */
  otherSetHits: number;
}

/**
 * Scores per entity type on the cases of that entity's recognizer. An expected span is found when a finding of
 * the mapped type overlaps it; a finding that overlaps no expected span is a false positive. Cases whose
 * spans were not recoverable (expected_count > 0, no spans) are scored by count.
 */
export function evaluatePii(cases: readonly PiiCase[]): PiiTypeEval[] {
  const found = cases.map((c) => scanPii(c.text));
  const out: PiiTypeEval[] = [];
  for (const [entity, type] of Object.entries(PRESIDIO_TO_TYPE)) {
    const row: PiiTypeEval = { entity, type, cases: 0, tp: 0, fp: 0, fn: 0, precision: null, recall: null, otherSetHits: 0 };
    cases.forEach((c, i) => {
      const mine = (found[i] ?? []).filter((f) => f.type === type);
      if (c.entities[0] !== entity) {
        if (!c.entities.some((e) => PRESIDIO_TO_TYPE[e] === type)) row.otherSetHits += mine.length;
        return;
      }
      row.cases++;
      score(c, mine, row);
    });
    if (row.cases === 0) continue;
    row.precision = row.tp + row.fp > 0 ? row.tp / (row.tp + row.fp) : null;
    row.recall = row.tp + row.fn > 0 ? row.tp / (row.tp + row.fn) : null;
    out.push(row);
  }
  return out;
}

function score(c: PiiCase, mine: Finding[], row: PiiTypeEval): void {
  if (c.expected_count > 0 && c.spans.length === 0) {
    const hit = Math.min(mine.length, c.expected_count);
    row.tp += hit;
    row.fn += c.expected_count - hit;
    row.fp += mine.length - hit;
    return;
  }
  const overlaps = (f: Finding, s: { start: number; end: number }): boolean => f.start < s.end && s.start < f.end;
  for (const s of c.spans) {
    if (mine.some((f) => overlaps(f, s))) row.tp++;
    else row.fn++;
  }
  for (const f of mine) if (!c.spans.some((s) => overlaps(f, s))) row.fp++;
}
