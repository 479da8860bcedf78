import type { CountryCode } from 'libphonenumber-js/max';
import { getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
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
// A run followed by ":" and a digit is a date and time ("2024-03-15 14:32"), so the lookahead refuses it.
const CANDIDATE =
  /(?<![\w+.:-])\+?(?:\(\d{1,5}\)|\d{1,15})(?:(?:[ .\-/]{1,3}|(?<=\)))(?:\(\d{1,5}\)|\d{1,15})){0,7}(?![\w@]|[.-]\d|:\d)/g;
// An extension after the number ("ext. 204", "x123", ";ext=12", "#12", "доб. 5"), kept inside the finding.
const EXTENSION = /(?:[ \t]{0,2}(?:,[ \t]{0,2})?(?:ext\.?|extension|x|#|;ext=|ext=|доб\.?|extensión|int\.?)[ \t]{0,2}\d{1,6}(?!\d))/iy;
// Words that announce a phone number within the few characters before it: they license a short local number.
const CONTEXT = /(?:phone|tel|call|mobile|cell|fax|ring|dial|whatsapp|telefon|téléphone|portable)\W{0,12}$/i;
/**
 * Longest a finding can be: "+", 15 digits, 7 separators of up to 3 characters, 8 pairs of parentheses (53), plus
 * an extension of up to 22 characters.
 */
export const MAX_PHONE_CHARS = 75;

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
    const context = CONTEXT.test(text.slice(Math.max(0, m.index - 40), m.index));
    const score = judge(raw, regions) || (context ? judgeLocal(raw) : 0);
    if (score === 0 || (!context && looksLikeTimestamp(raw))) continue;
    EXTENSION.lastIndex = m.index + raw.length;
    const ext = EXTENSION.exec(text);
    const end = m.index + raw.length + (ext ? ext[0].length : 0);
    out.push({ category: 'pii', type: 'PHONE', start: m.index, end, score });
  }
  return out;
}

function judge(raw: string, regions: readonly CountryCode[]): number {
  const formatted = /[ ().\-/]/.test(raw);
  // Dates, and the canonical SSN shape (123-45-6789), are not phone numbers even where a region accepts them.
  if (DATE_LIKE.test(raw) || /^\d{3}-\d{2}-\d{4}$/.test(raw)) return 0;
  // Year ranges ("2014 - 2019") and decimals ("373513000.0") are digit groups too.
  if (/^(?:19|20)\d\d[ ./-]{1,3}(?:19|20)\d\d$/.test(raw) || /^\d+\.\d{1,2}$/.test(raw)) return 0;
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
    // Regions that share a numbering plan (Jersey and the UK, the Vatican and Italy, the NANP's toll-free range)
    // report the plan's main country: the same calling code is enough.
    if (n?.isValid() === true && (n.country === region || n.countryCallingCode === getCountryCallingCode(region))) return formatted ? 0.6 : 0.4;
  }
  return 0;
}

/**
 * A local number without its area code (7 or 8 digits: "555-0132", "234 5678", "12 34 56 78"), accepted only
 * after a word that announces a phone number: alone, such a run is as often an amount, an id or a count.
 */
function judgeLocal(raw: string): number {
  if (raw.startsWith('+') || DATE_LIKE.test(raw)) return 0;
  const digits = raw.replace(/\D/g, '');
  return digits.length <= 8 && /^[2-9]/.test(digits) ? 0.5 : 0;
}

/** Unix time in seconds or milliseconds (2001-2033), which some regions' numbering would otherwise accept. */
function looksLikeTimestamp(raw: string): boolean {
  return /^1\d{9}(?:\d{3})?$/.test(raw) && Number(raw.slice(0, 10)) > 978_307_200;
}

/** Real numbers have at most a couple of one-digit groups ("+1", "0 (917)"); "1 2 3 4 5 6 7" is a list. */
function singleDigitGroups(raw: string): number {
  return raw.split(/[^\d]+/).filter((g) => g.length === 1).length;
}
