import type { Finding } from '../finding.ts';
import { allSame } from './checksums.ts';

// ddd-dd-dddd with one consistent separator, or a bare / oddly grouped run of nine digits.
const SSN = /(?<![\w.-])(?:\d{3}([-. ])\d{2}\1\d{4}|\d{9}|\d{3}-\d{6}|\d{5}-\d{4})(?![\w]|[.-]\d)/g;
const CONTEXT = /\b(?:ssn|ssns|social security|soc\.? sec)\b/i;
// Numbers the SSA has said were never issued or were published in advertising (the Woolworth card, the 1940s ad).
const RETIRED = new Set(['078051120', '219099999', '123456789']);

/**
 * US Social Security numbers. Formatted numbers (123-45-6789) score high; bare or oddly grouped nine-digit runs
 * score low unless an "SSN" / "social security" cue stands just before them, since most nine-digit runs are not
 * SSNs. Numbers the SSA never issues (area 000/666/9xx, group 00, serial 0000) are rejected.
 */
export function scanUsSsns(text: string): Finding[] {
  const out: Finding[] = [];
  SSN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SSN.exec(text)) !== null) {
    const digits = m[0].replace(/\D/g, '');
    if (!issuable(digits)) continue;
    const formatted = m[1] !== undefined;
    const cue = CONTEXT.test(text.slice(Math.max(0, m.index - 40), m.index));
    const score = formatted ? (cue ? 0.95 : 0.85) : cue ? 0.8 : 0.4;
    out.push({ category: 'pii', type: 'US_SSN', start: m.index, end: m.index + m[0].length, score });
  }
  return out;
}

function issuable(d: string): boolean {
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return false;
  return !allSame(d) && !RETIRED.has(d);
}
