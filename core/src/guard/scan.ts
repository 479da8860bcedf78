import type { Finding, FindingCategory } from './finding.ts';
import { resolveOverlaps } from './finding.ts';
import type { InjectionScanOptions } from './injection/scan-injection.ts';
import { scanInjection } from './injection/scan-injection.ts';
import type { PiiScanOptions } from './pii/scan-pii.ts';
import { scanPii } from './pii/scan-pii.ts';
import type { SecretScanOptions } from './secrets/scan-secrets.ts';
import { scanSecrets } from './secrets/scan-secrets.ts';

export interface ScanOptions {
  /** Which detector families run; all three by default. */
  categories?: readonly FindingCategory[];
  secrets?: SecretScanOptions;
  pii?: PiiScanOptions;
  injection?: InjectionScanOptions;
  /** Drop findings scored below this (0–1) across all families. Default 0. */
  minScore?: number;
}

const ALL: readonly FindingCategory[] = ['secret', 'pii', 'injection'];

/**
 * Runs the secret, PII and injection detectors over one text and returns their findings, overlaps resolved
 * (a secret inside an e-mail-like string is reported once, under the stronger finding).
 */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  const categories = new Set(options.categories ?? ALL);
  const found: Finding[] = [];
  if (categories.has('secret')) found.push(...scanSecrets(text, options.secrets));
  if (categories.has('pii')) found.push(...scanPii(text, options.pii));
  if (categories.has('injection')) found.push(...scanInjection(text, options.injection));
  const minScore = options.minScore ?? 0;
  // Injection findings mark a region rather than a value; they never hide a secret or PII finding inside them.
  const values = resolveOverlaps(found.filter((f) => f.category !== 'injection' && (f.score ?? 1) >= minScore));
  const injections = found.filter((f) => f.category === 'injection' && (f.score ?? 1) >= minScore);
  return [...values, ...injections].sort((a, b) => a.start - b.start || b.end - a.end);
}
