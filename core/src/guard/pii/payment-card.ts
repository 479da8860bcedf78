import type { Finding } from '../finding.ts';
import { allSame, luhnValid } from './checksums.ts';

// 13-19 digits, either bare or in groups of 4 (or Amex 4-6-5) joined by one consistent space or dash.
const CARD =
  /(?<![\w.-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5})(?![\w]|[.-]\d)/g;

/**
 * Payment card numbers: a 13-19 digit run (bare or grouped) whose prefix and length fit a card network and
 * which passes the Luhn check.
 */
export function scanPaymentCards(text: string): Finding[] {
  const out: Finding[] = [];
  CARD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CARD.exec(text)) !== null) {
    const digits = m[0].replace(/[ -]/g, '');
    if (!plausibleNetworkLength(digits) || allSame(digits)) continue;
    if (!luhnValid(digits)) continue;
    out.push({ category: 'pii', type: 'CREDIT_CARD', start: m.index, end: m.index + m[0].length, score: 0.9 });
  }
  return out;
}

/** Whether the issuer prefix and the length fit a card network (ISO/IEC 7812 ranges of the major schemes). */
function plausibleNetworkLength(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p4 = Number(d.slice(0, 4));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if (p2 === 34 || p2 === 37) return n === 15; // American Express
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 36 || p2 === 38 || (p4 >= 3000 && p4 <= 3059)) return n >= 14 && n <= 19; // Diners Club
  if (p2 === 35) return n >= 16 && n <= 19; // JCB
  if (d.startsWith('6011') || p2 === 65 || (p4 >= 6440 && p4 <= 6499) || p2 === 62) return n >= 16 && n <= 19; // Discover, UnionPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19; // Maestro
  if (d[0] === '1') return n === 15; // UATP
  return false;
}
