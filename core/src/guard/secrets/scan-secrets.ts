import type { Finding } from '../finding.ts';
import { resolveOverlaps } from '../finding.ts';
import { literalTrie, looksLikePlaceholder, shannonEntropy } from '../text-utils.ts';
import { scanAssignments } from './assignments.ts';
import { scanConnectionStrings } from './connection-string.ts';
import { scanCurlUserFlags } from './curl-auth.ts';
import { scanJwts } from './jwt.ts';
import { scanKeywordValues } from './keyword-value.ts';
import { scanPrivateKeys } from './private-key.ts';
import type { ProviderRule } from './provider-rules.ts';
import { PROVIDER_RULES } from './provider-rules.ts';

export interface SecretScanOptions {
  /** Values never reported (e.g. a team's published example keys). Compared exactly. */
  allow?: readonly string[];
  /** Drop findings scored below this (0–1). Default 0. */
  minScore?: number;
}

/**
 * Finds credentials in text: provider keys with a known shape, private-key blocks, JWTs, passwords in
 * connection strings and curl flags, and secret-looking values assigned to secret-sounding names.
 */
export function scanSecrets(text: string, options: SecretScanOptions = {}): Finding[] {
  const seen = triggersIn(text);
  const found: Finding[] = [];
  for (const rule of PROVIDER_RULES) {
    if (rule.triggers.some((t) => seen.has(t))) scanRule(text, rule, found);
  }
  if (seen.has('-----BEGIN')) found.push(...scanPrivateKeys(text));
  if (seen.has('eyJ')) found.push(...scanJwts(text));
  if (seen.has('://')) found.push(...scanConnectionStrings(text));
  if (seen.has('curl')) found.push(...scanCurlUserFlags(text));
  found.push(...scanAssignments(text));
  found.push(...scanKeywordValues(text));
  const allow = new Set(options.allow ?? []);
  const minScore = options.minScore ?? 0;
  return resolveOverlaps(
    found.filter((f) => (f.score ?? 1) >= minScore && (allow.size === 0 || !allow.has(text.slice(f.start, f.end)))),
  );
}

// Every literal any detector needs, in one trie-shaped alternation: one pass tells which rules can match,
// instead of one pass per rule.
const TRIGGER_LITERALS = [...new Set([...PROVIDER_RULES.flatMap((r) => r.triggers), '-----BEGIN', 'eyJ', '://', 'curl'])];
const TRIGGERS = new RegExp(literalTrie(TRIGGER_LITERALS), 'g');
// A match of a longer literal ("sk-ant-", "ops_eyJ") also stands for the shorter ones inside it ("sk-", "eyJ").
const CONTAINED = new Map(TRIGGER_LITERALS.map((t) => [t, TRIGGER_LITERALS.filter((u) => t.includes(u))]));

function triggersIn(text: string): Set<string> {
  const seen = new Set<string>();
  TRIGGERS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TRIGGERS.exec(text)) !== null) for (const t of CONTAINED.get(m[0]) ?? []) seen.add(t);
  return seen;
}

function scanRule(text: string, rule: ProviderRule, out: Finding[]): void {
  const { pattern } = rule;
  pattern.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(text)) !== null) {
    const span = m.indices?.groups?.['s'] ?? [m.index, m.index + m[0].length];
    const secret = text.slice(span[0], span[1]);
    if (rule.placeholder === 'chars' && looksLikePlaceholder(secret, { words: false })) continue;
    if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
    if (rule.check && !rule.check(secret)) continue;
    out.push({ category: 'secret', type: rule.type, start: span[0], end: span[1], score: rule.score });
  }
}
