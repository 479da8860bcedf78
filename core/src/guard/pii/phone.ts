import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Finding } from '../finding.ts';

/**
 * Regions tried, in order, for numbers written without a country code. International numbers ("+44 …",
 * "0044 …") are validated against their own country regardless of this list. Germany is left out on purpose:
 * its variable-length numbering accepts most runs of 6-11 digits (dates, order numbers, SSNs) as valid.
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'FR', 'IN', 'BR', 'CN', 'JP', 'IL'];
// Dates and times are digit groups too.
const DATE_LIKE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;

// A phone-shaped run: optional "+", digit groups joined by one to three separators (space, dot, dash, slash)
// or a closing parenthesis. A group always ends at a separator, so the split of a digit run is never ambiguous
// and backtracking stays bounded; each candidate is then parsed by libphonenumber.
const CANDIDATE =
  /(?<![\w+.-])\+?(?:\(\d{1,5}\)|\d{1,15})(?:(?:[ .\-/]{1,3}|(?<=\)))(?:\(\d{1,5}\)|\d{1,15})){0,7}(?![\w@]|[.-]\d)/g;

export interface PhoneScanOptions {
  regions?: readonly CountryCode[];
  /** Spans already claimed by a more specific detector (card, SSN, ID): not worth a parse. */
  claimed?: (start: number, end: number) => boolean;
}

/**
 * Phone numbers, international and national. A cheap bounded regex finds phone-shaped runs of 7–15 digits;
 * Google's libphonenumber metadata (via libphonenumber-js) then decides whether each is a valid number.
 */
export function scanPhones(text: string, options: PhoneScanOptions = {}): Finding[] {
  const regions = options.regions ?? DEFAULT_PHONE_REGIONS;
  const out: Finding[] = [];
  // libphonenumber costs tens of microseconds per call: cap the calls per scan in proportion to the text, so a
  // text made of nothing but digit groups cannot turn the parser into a denial of service.
  let budget = 64 + Math.ceil(text.length / 32);
  CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CANDIDATE.exec(text)) !== null && budget > 0) {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15 || singleDigitGroups(raw) > 2) continue;
    if (options.claimed?.(m.index, m.index + raw.length)) continue;
    budget -= raw.startsWith('+') ? 1 : regions.length;
    const score = judge(raw, regions);
    if (score > 0) out.push({ category: 'pii', type: 'PHONE', start: m.index, end: m.index + raw.length, score });
  }
  return out;
}

function judge(raw: string, regions: readonly CountryCode[]): number {
  const formatted = /[ ().\-/]/.test(raw);
  // Dates, and the canonical SSN shape (123-45-6789), are not phone numbers even where a region accepts them.
  if (DATE_LIKE.test(raw) || /^\d{3}-\d{2}-\d{4}$/.test(raw)) return 0;
  // A bare national run needs the length of a full number; shorter bare runs are mostly ids and amounts.
  if (!formatted && !raw.startsWith('+') && raw.length < 10) return 0;
  if (raw.startsWith('+') || raw.startsWith('00')) {
    const intl = parsePhoneNumberFromString(raw.startsWith('00') ? `+${raw.slice(2)}` : raw);
    return intl?.isValid() === true ? 0.8 : 0;
  }
  for (const region of regions) {
    const n = parsePhoneNumberFromString(raw, region);
    // A national number must be valid in the region *as written*, not only after libphonenumber strips a
    // carrier or trunk prefix from a longer run of digits.
    if (n?.isValid() === true && n.country === region) return formatted ? 0.6 : 0.4;
  }
  return 0;
}

/** Real numbers have at most a couple of one-digit groups ("+1", "0 (917)"); "1 2 3 4 5 6 7" is a list. */
function singleDigitGroups(raw: string): number {
  return raw.split(/[^\d]+/).filter((g) => g.length === 1).length;
}
