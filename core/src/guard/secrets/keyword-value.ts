import type { Finding } from '../finding.ts';
import { longestRepeat, longestSequence } from '../text-utils.ts';
import { isTemplateReference } from './credential-checks.ts';

// A secret-sounding word inside a name (`tomtom_key`, `prodpadSECRET`, `autopilot-access`, `ipinfo private token`).
/** The words that name a secret; exported so the stream profile anchors on the same list. */
export const KEYWORDS: readonly string[] = ['apikey', 'key', 'secret', 'token', 'access', 'password', 'passwd', 'pwd', 'credential', 'auth', 'bearer'];
const KEYWORD = new RegExp(KEYWORDS.join('|'), 'gi');
const IDENT_CHAR = /[A-Za-z0-9_.-]/;
/** How far a name runs on after its keyword; a value starts at most MAX_IDENT + 10 characters after the keyword. */
export const MAX_IDENT = 48;
/** The value's characters and length bounds: every finding of this family is at most MAX_VALUE characters of VALUE_CHARS. */
export const VALUE_CHARS = 'A-Za-z0-9_\\-+/=.~';
export const MAX_VALUE = 256;
// After the name: an operator or plain spaces, an optional quote, then a token of key characters. Sticky and
// bounded: each keyword hit costs a bounded amount of work.
const VALUE = new RegExp(`['"]?(?:[ \\t]{0,3}(?::=|=>|[:=,])[ \\t]{0,3}|[ \\t]{1,3})['"]?([A-Za-z0-9][${VALUE_CHARS}]{11,${MAX_VALUE - 1}})(?![${VALUE_CHARS}])`, 'y');
// Names that sit next to a secret without being one.
const EXCLUDED = /(?:^|[^a-z])(?:public|csrf|xsrf|id|ids|name|url|uri|path|file|length|size|type|version|format|expir|ttl|label|hint|policy|reset|header|length|count|endpoint|host|region|user(?:name)?|email|index|cache|field)(?:$|[^a-z])/i;
const PLACEHOLDER = /example|sample|dummy|your|xxxx|\*\*\*|placeholder|redacted|changeme|insert|replace|<|>|\.\.\./i;

/**
 * The long tail of provider keys: a value of key characters right after a name that says what it is, with an
 * operator or just spaces between (`tomtom_key=…`, `languagelayer SECRET …`, `"box-token": '…'`). A provider
 * list cannot keep up with hundreds of vendors; the name does the work. The value must mix letters and digits,
 * must not be a word, a version, a path or a placeholder, and is at most MAX_VALUE characters.
 */
export function scanKeywordValues(text: string): Finding[] {
  const out: Finding[] = [];
  KEYWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEYWORD.exec(text)) !== null) {
    let identStart = m.index;
    while (identStart > 0 && m.index - identStart < MAX_IDENT && IDENT_CHAR.test(text[identStart - 1] ?? '')) identStart--;
    let identEnd = m.index + m[0].length;
    while (identEnd < text.length && identEnd - m.index < MAX_IDENT && IDENT_CHAR.test(text[identEnd] ?? '')) identEnd++;
    KEYWORD.lastIndex = identEnd;
    if (!atWordBoundary(text, m.index, m[0].length)) continue;
    if (EXCLUDED.test(text.slice(identStart, identEnd).replace(/([a-z])([A-Z])/g, '$1_$2'))) continue;
    VALUE.lastIndex = identEnd;
    const v = VALUE.exec(text);
    const value = v?.[1];
    if (!v || value === undefined || !isKeyLike(value)) continue;
    const start = identEnd + v[0].length - value.length;
    out.push({ category: 'secret', type: 'GENERIC_SECRET', start, end: start + value.length, score: 0.6 });
    KEYWORD.lastIndex = start + value.length;
  }
  return out;
}

function isKeyLike(value: string): boolean {
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (isTemplateReference(value) || PLACEHOLDER.test(value) || longestRepeat(value) >= 5) return false;
  if (/^(?:https?|file)\b|^\.{0,2}\/|\/\//.test(value) || /\d+\.\d+\.\d+/.test(value)) return false;
  // Dotted names and file names (`config.v2.yaml`, `my_service.key_2`) are words with a number, not keys.
  if (/^[A-Za-z]+(?:[_.-][A-Za-z]+)*[_.-]?\d{0,3}$/.test(value) || /\.(?:pem|key|json|ya?ml|txt|env|js|ts|py|rb|go)$/i.test(value)) return false;
  // Hostnames and dotted or underscored identifiers (`sm02915.int.contoso.com`, `X25519.KeyPair`, `DOC_Vector_5_32`).
  if (/^[A-Za-z0-9-]{1,24}(?:[._:][A-Za-z0-9-]{1,12}){1,8}$/.test(value) && !/[A-Za-z0-9]{13}/.test(value)) return false;
  if (longestSequence(value) >= 12) return false;
  const digits = value.replace(/\D/g, '').length;
  // A date, a count or a phone number written with a letter or two is not a key.
  return digits < value.length - 2 && distinct(value) >= 8;
}

/** `tomtom_key`, `prodpadSECRET`, `authToken`: the keyword is a word of the name, not part of `monkeys` or `keying`. */
function atWordBoundary(text: string, start: number, length: number): boolean {
  const before = text[start - 1] ?? ' ';
  const first = text[start] ?? '';
  const startOk = !/[A-Za-z]/.test(before) || (/[a-z]/.test(before) && /[A-Z]/.test(first));
  let end = start + length;
  if (/s/i.test(text[end] ?? '')) end++;
  const after = text[end] ?? ' ';
  return startOk && (!/[a-z]/.test(after) || /[A-Z]/.test(text[end - 1] ?? ''));
}

function distinct(s: string): number {
  return new Set(s).size;
}
