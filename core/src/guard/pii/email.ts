import type { Finding } from '../finding.ts';

const LOCAL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/;
// Domain labels, then a letter TLD or a punycode one (xn--…). Sticky and bounded.
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;

/**
 * E-mail addresses. Anchored on each "@" (found with indexOf) and read outwards by hand with a bounded local
 * part, so text with many "@" or long runs of address characters stays linear.
 */
export function scanEmails(text: string): Finding[] {
  const out: Finding[] = [];
  let floor = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > floor && at - start < 64 && LOCAL.test(text[start - 1] ?? '')) start--;
    // A local part cannot start or end with a dot.
    while (text[start] === '.') start++;
    if (start === at || text[at - 1] === '.') continue;
    DOMAIN.lastIndex = at + 1;
    const m = DOMAIN.exec(text);
    if (!m) continue;
    const end = at + 1 + m[0].length;
    out.push({ category: 'pii', type: 'EMAIL', start, end, score: 0.95 });
    floor = end;
  }
  return out;
}
