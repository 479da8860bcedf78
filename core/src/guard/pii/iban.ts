import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { Finding } from '../finding.ts';

// Country code, two check digits, then up to 30 alphanumerics, bare or in groups of four.
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])/g;

/**
 * International bank account numbers. Structure and mod-97 check digits are validated with ibantools,
 * which also knows each country's length and BBAN format.
 */
export function scanIbans(text: string): Finding[] {
  const out: Finding[] = [];
  IBAN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IBAN.exec(text)) !== null) {
    const length = validPrefixLength(m[0]);
    if (length > 0) out.push({ category: 'pii', type: 'IBAN', start: m.index, end: m.index + length, score: 0.95 });
  }
  return out;
}

/**
 * Length of the longest valid IBAN at the start of a grouped candidate. The regex may swallow a following
 * short word ("… 3000 is"), so trailing space-separated groups are dropped one at a time (at most eight tries).
 */
function validPrefixLength(candidate: string): number {
  let end = candidate.length;
  for (let tries = 0; tries < 8 && end >= 15; tries++) {
    const compact = electronicFormatIBAN(candidate.slice(0, end));
    if (compact !== null && isValidIBAN(compact.toUpperCase())) return end;
    end = candidate.lastIndexOf(' ', end - 1);
    if (end === -1) return 0;
  }
  return 0;
}
