import type { Finding } from '../finding.ts';
import {
  validAuAbn, validAuTfn, validCaSin, validEsNifOrNie, validFiPersonalCode, validPlPesel, validSgNric,
  validTrNationalId, validUkNhs,
} from './national-id-checks.ts';

interface NationalIdRule {
  type: string;
  pattern: RegExp;
  validate: (value: string) => boolean;
  /**
   * Letters make a format distinctive; a bare digit run that passes a checksum is weaker evidence, but still
   * stronger than a phone parser's say-so (0.6), which accepts most digit runs of the right length.
   */
  score: number;
}

const digits = (f: (d: string) => boolean) => (v: string): boolean => f(v.replace(/[\s-]/g, ''));
const B = '(?<![\\w.-])';
const E = '(?![\\w]|[.-]\\d)';
const rx = (source: string): RegExp => new RegExp(`${B}(?:${source})${E}`, 'g');

/** National identifiers that carry a check digit, so a match is validated rather than guessed. */
const RULES: readonly NationalIdRule[] = [
  { type: 'UK_NHS', pattern: rx('\\d{3}([ -])\\d{3}\\1\\d{4}|\\d{10}'), validate: digits(validUkNhs), score: 0.65 },
  { type: 'ES_NIF', pattern: rx('\\d{7,8}-?[A-Za-z]'), validate: validEsNifOrNie, score: 0.85 },
  { type: 'ES_NIE', pattern: rx('[XYZxyz]\\d{7}-?[A-Za-z]'), validate: validEsNifOrNie, score: 0.9 },
  { type: 'PL_PESEL', pattern: rx('\\d{11}'), validate: validPlPesel, score: 0.65 },
  { type: 'FI_PERSONAL_IDENTITY_CODE', pattern: new RegExp(`(?<![\\w.-])\\d{6}[-+A-FU-Ya-fu-y]\\d{3}[0-9A-Ya-y](?![\\w])`, 'g'),
    validate: validFiPersonalCode, score: 0.9 },
  { type: 'TR_NATIONAL_ID', pattern: rx('[1-9]\\d{10}'), validate: validTrNationalId, score: 0.65 },
  { type: 'SG_NRIC_FIN', pattern: rx('[STFGstfg]\\d{7}[A-Za-z]'), validate: validSgNric, score: 0.9 },
  { type: 'CA_SIN', pattern: rx('\\d{3}([ -])\\d{3}\\1\\d{3}|\\d{9}'), validate: digits(validCaSin), score: 0.65 },
  { type: 'AU_TFN', pattern: rx('\\d{3} \\d{3} \\d{3}|\\d{9}'), validate: digits(validAuTfn), score: 0.6 },
  { type: 'AU_ABN', pattern: rx('\\d{2} \\d{3} \\d{3} \\d{3}|\\d{11}'), validate: digits(validAuAbn), score: 0.65 },
];

/** All supported national ID types. */
export const NATIONAL_ID_TYPES: readonly string[] = [...new Set(RULES.map((r) => r.type))];

/** Checksum-validated national identifiers (UK NHS, ES NIF/NIE, PL PESEL, FI HETU, TR TCKN, SG NRIC, CA SIN, AU TFN/ABN). */
export function scanNationalIds(text: string): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.pattern.exec(text)) !== null) {
      if (!rule.validate(m[0])) continue;
      out.push({ category: 'pii', type: rule.type, start: m.index, end: m.index + m[0].length, score: rule.score });
    }
  }
  return out;
}
