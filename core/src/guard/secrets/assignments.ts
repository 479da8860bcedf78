import type { Finding } from '../finding.ts';
import { isCredentialLike, isPlaceholderCredential } from './credential-checks.ts';

// Literal anchors for names that hold credentials; the name around each hit is then read by hand.
const KEYWORD = /pass|pwd|secret|token|key|credential|authorization/gi;
const IDENT_CHAR = /[A-Za-z0-9_.-]/;
const MAX_IDENT = 64;
// After the name: an optional closing quote, an operator, an optional auth scheme, then a quoted or bare value.
// Sticky and bounded, so each keyword hit costs a bounded amount of work.
const ASSIGNMENT =
  /['"]?[ \t]{0,4}(?::=|=>|=|:)[ \t]{0,4}(?:(?:basic|bearer|token|api-token|digest|apikey|key)[ \t]{1,3})?(?:(['"])([^'"\r\n]{1,512})\1|([^\s'"`,;)}\]<>]{1,512}))/iy;

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode']);
const SECRET_WORDS = new Set(['secret', 'token', 'apikey', 'accesskey', 'secretkey', 'privatekey', 'clientsecret', 'authorization', 'credential', 'credentials', 'auth']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'client', 'auth', 'signing', 'encryption', 'master', 'account', 'app', 'service', 'subscription']);
// Names that hold something next to a secret, not the secret itself.
const EXCLUDED_WORDS = new Set(['public', 'csrf', 'xsrf', 'id', 'ids', 'name', 'names', 'length', 'len', 'size', 'type', 'file', 'path', 'url', 'uri', 'version', 'format', 'count', 'field', 'prefix', 'label', 'variable', 'header', 'required', 'enabled', 'policy', 'reset', 'expiry', 'expires', 'ttl', 'hint']);

type Kind = 'PASSWORD' | 'AUTH_HEADER' | 'GENERIC_SECRET' | 'AWS_SECRET_KEY';

/**
 * Secrets assigned to a secret-sounding name: `password=…`, `"client_secret": "…"`, `API_KEY: …`,
 * `Authorization: Bearer …`. The value must pass an entropy and placeholder check, so `password=changeme`,
 * `token: ${TOKEN}` and `api_key = "xxxx"` are not reported.
 */
export function scanAssignments(text: string): Finding[] {
  const out: Finding[] = [];
  KEYWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEYWORD.exec(text)) !== null) {
    let identStart = m.index;
    while (identStart > 0 && m.index - identStart < MAX_IDENT && IDENT_CHAR.test(text[identStart - 1] ?? '')) identStart--;
    let identEnd = m.index + m[0].length;
    while (identEnd < text.length && identEnd - m.index < MAX_IDENT && IDENT_CHAR.test(text[identEnd] ?? '')) identEnd++;
    // The search resumes after the name (and later after the value), so each character is read a bounded number of times.
    KEYWORD.lastIndex = identEnd;
    const kind = classifyName(text.slice(identStart, identEnd));
    if (kind === undefined) continue;
    ASSIGNMENT.lastIndex = identEnd;
    const a = ASSIGNMENT.exec(text);
    if (!a) continue;
    const quote = a[1];
    let value = a[2] ?? a[3] ?? '';
    // In a query string the value ends where the next `&name=` begins.
    const amp = value.search(/&[A-Za-z_][\w.-]*=/);
    if (amp > 0 && !quote) value = value.slice(0, amp);
    if (quote === '`' || /\s/.test(value)) continue;
    const start = identEnd + a[0].length - (a[2] ?? a[3] ?? '').length - (quote ? 1 : 0);
    const finding = judge(kind, value, start);
    if (finding) out.push(finding);
    KEYWORD.lastIndex = Math.max(KEYWORD.lastIndex, start + value.length);
  }
  return out;
}

function judge(kind: Kind, value: string, start: number): Finding | undefined {
  const end = start + value.length;
  if (kind === 'PASSWORD') {
    if (value.length < 6 || isPlaceholderCredential(value) || /^[A-Za-z]+(?:[_.-][A-Za-z]+)*$/.test(value)) return undefined;
    return { category: 'secret', type: 'PASSWORD', start, end, score: 0.8 };
  }
  if (!isCredentialLike(value)) return undefined;
  if (kind === 'AWS_SECRET_KEY' && !/^[A-Za-z0-9/+]{40}$/.test(value)) kind = 'GENERIC_SECRET';
  return { category: 'secret', type: kind, start, end, score: kind === 'AWS_SECRET_KEY' ? 0.95 : 0.75 };
}

/** Splits `AWS_SECRET_ACCESS_KEY`, `clientSecret`, `X-Api-Key` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => w.replace(/\d+$/, ''))
    .filter((w) => w.length > 0);
}

// Names repeat (`token`, `password`, `apiKey`); remember how each was classified. Bounded so that a text full
// of distinct names cannot grow it without limit.
const nameCache = new Map<string, Kind | null>();

function classifyName(name: string): Kind | undefined {
  const cached = nameCache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const kind = classifyWords(words(name), name);
  if (nameCache.size >= 512) nameCache.clear();
  nameCache.set(name, kind ?? null);
  return kind;
}

function classifyWords(w: string[], name: string): Kind | undefined {
  const last = w[w.length - 1];
  if (last === undefined || w.some((x) => EXCLUDED_WORDS.has(x))) return undefined;
  const prev = w[w.length - 2];
  if (PASSWORD_WORDS.has(last) || last.endsWith('password')) return 'PASSWORD';
  if (last === 'authorization' || (name.includes('-') && (last === 'token' || last === 'apikey' || (last === 'key' && prev === 'api')))) return 'AUTH_HEADER';
  if (last === 'key' && w.includes('aws') && w.includes('secret')) return 'AWS_SECRET_KEY';
  if (SECRET_WORDS.has(last) || /(?:secret|token|apikey|accesskey|secretkey|privatekey)$/.test(last)) return 'GENERIC_SECRET';
  if (last === 'key' && prev !== undefined && KEY_QUALIFIERS.has(prev)) return w.includes('aws') ? 'AWS_SECRET_KEY' : 'GENERIC_SECRET';
  return undefined;
}
