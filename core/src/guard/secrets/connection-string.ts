import type { Finding } from '../finding.ts';
import { isPlaceholderCredential } from './credential-checks.ts';

// Anchored at the character after "://": user and password segments are bounded and cannot contain
// separators, so each "://" costs a bounded amount of work.
const USERINFO = /([^\s:/?#@'"`<>]{0,128}):([^\s/?#@'"`<>]{1,256})@[A-Za-z0-9[\]._-]/y;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;

/**
 * Credentials embedded in URLs and connection strings (`postgres://app:s3cret@db`, `https://user:tok@host`).
 * The finding covers the password only, so a redacted URL still shows where it pointed.
 */
export function scanConnectionStrings(text: string): Finding[] {
  const out: Finding[] = [];
  for (let i = text.indexOf('://'); i !== -1; i = text.indexOf('://', i + 3)) {
    if (!hasScheme(text, i)) continue;
    USERINFO.lastIndex = i + 3;
    const m = USERINFO.exec(text);
    if (!m) continue;
    const user = m[1] ?? '';
    const password = m[2] ?? '';
    if (isPlaceholderCredential(password, user)) continue;
    const start = i + 3 + user.length + 1;
    out.push({ category: 'secret', type: 'CONNECTION_STRING', start, end: start + password.length, score: 0.9 });
  }
  return out;
}

function hasScheme(text: string, colon: number): boolean {
  const first = text[colon - 1];
  return first !== undefined && SCHEME_CHAR.test(first);
}
