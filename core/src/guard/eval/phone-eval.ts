import type { CountryCode } from 'libphonenumber-js/max';
import type { Finding } from '../finding.ts';
import { scanPii } from '../pii/scan-pii.ts';

/** A text with the phone spans it must yield (none for a negative) and the region a deployment would set. */
export interface PhoneCase {
  source: string;
  /** Sub-set for the report: a number's form (e164, national_dotted, …), or a case-set name. */
  group: string;
  text: string;
  spans: Array<{ start: number; end: number }>;
  /** Regions to try for numbers without a country code; the detector's defaults when absent. */
  regions?: CountryCode[];
}

export interface PhoneEval {
  name: string;
  cases: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

// The example numbers are scored inside a sentence, so the candidate's boundaries are tested too.
const PREFIX = 'Please call ';
const SUFFIX = ' after lunch.';

/** libphonenumber's example numbers: every region, type and form; national forms with their region set. */
export function exampleNumberCases(rows: ReadonlyArray<{ text: string; label: string; region: string; form: string }>): PhoneCase[] {
  return rows.map((r) => {
    const positive = r.label === 'phone';
    const national = !r.text.startsWith('+');
    return {
      source: 'libphonenumber examples', group: positive ? r.form : 'short number (not PII)', text: `${PREFIX}${r.text}${SUFFIX}`,
      spans: positive ? [{ start: PREFIX.length, end: PREFIX.length + r.text.length }] : [],
      ...(national && r.region !== '001' ? { regions: [r.region as CountryCode] } : {}),
    };
  });
}

/** A found span counts when it overlaps the expected one and covers at least its first 7 characters' worth. */
function covers(f: Finding, s: { start: number; end: number }): boolean {
  return f.start < s.end && s.start < f.end && Math.min(f.end, s.end) - Math.max(f.start, s.start) >= Math.min(7, s.end - s.start);
}

/** Scores PHONE findings: each expected span found or missed; each finding covering no expected span is a false positive. */
export function evaluatePhones(cases: readonly PhoneCase[], name: string): PhoneEval {
  const r: PhoneEval = { name, cases: cases.length, tp: 0, fp: 0, fn: 0, precision: null, recall: null };
  for (const c of cases) {
    const found = scanPii(c.text, { kinds: ['PHONE'], ...(c.regions ? { phoneRegions: c.regions } : {}) });
    for (const s of c.spans) {
      if (found.some((f) => covers(f, s))) r.tp++;
      else r.fn++;
    }
    for (const f of found) if (!c.spans.some((s) => covers(f, s))) r.fp++;
  }
  r.precision = r.tp + r.fp > 0 ? r.tp / (r.tp + r.fp) : null;
  r.recall = r.tp + r.fn > 0 ? r.tp / (r.tp + r.fn) : null;
  return r;
}

/** Per group of cases, then the whole. */
export function evaluatePhoneGroups(cases: readonly PhoneCase[]): PhoneEval[] {
  const groups = [...new Set(cases.map((c) => `${c.source} / ${c.group}`))];
  return groups.map((g) => evaluatePhones(cases.filter((c) => `${c.source} / ${c.group}` === g), g));
}
