import type { CountryCode } from 'libphonenumber-js/max';
import type { Finding } from '../finding.ts';
import { resolveOverlaps } from '../finding.ts';
import { scanEmails } from './email.ts';
import { scanIbans } from './iban.ts';
import { scanIpAddresses } from './ip-address.ts';
import { scanNationalIds } from './national-ids.ts';
import { scanPaymentCards } from './payment-card.ts';
import { DEFAULT_PHONE_REGIONS, scanPhones } from './phone.ts';
import { scanUsSsns } from './us-ssn.ts';

export type PiiKind = 'EMAIL' | 'PHONE' | 'CREDIT_CARD' | 'IBAN' | 'US_SSN' | 'IP_ADDRESS' | 'NATIONAL_ID';

export interface PiiScanOptions {
  /** Which detectors run; all by default. 'NATIONAL_ID' covers every checksum-validated national ID. */
  kinds?: readonly PiiKind[];
  /** Regions tried for phone numbers written without a country code. */
  phoneRegions?: readonly CountryCode[];
  /** Drop findings scored below this (0–1). Default 0. */
  minScore?: number;
}

// Wider than the longest number-based value (a grouped IBAN is 42 characters), so every match that contains a
// digit lies wholly inside its region and sees its true neighbours for the boundary checks.
const DIGIT_MARGIN = 64;
const DIGIT_RUN = /\d+/g;

/** Merged [start, end) regions within DIGIT_MARGIN characters of a digit. */
function digitRegions(text: string): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  DIGIT_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIGIT_RUN.exec(text)) !== null) {
    const start = Math.max(0, m.index - DIGIT_MARGIN);
    const end = Math.min(text.length, m.index + m[0].length + DIGIT_MARGIN);
    const last = regions[regions.length - 1];
    if (last && start <= last[1]) last[1] = end;
    else regions.push([start, end]);
  }
  return regions;
}

const ALL_KINDS: readonly PiiKind[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'NATIONAL_ID'];

/**
 * Finds personal data: e-mail addresses, phone numbers, payment cards (Luhn), IBANs (mod-97), US SSNs,
 * IPv4/IPv6 addresses and checksum-validated national IDs. Overlaps resolve to the most specific finding.
 */
export function scanPii(text: string, options: PiiScanOptions = {}): Finding[] {
  const kinds = new Set(options.kinds ?? ALL_KINDS);
  const found: Finding[] = [];
  if (kinds.has('EMAIL')) found.push(...scanEmails(text));
  if (kinds.has('IP_ADDRESS')) found.push(...scanIpAddresses(text));
  const digitDetectors: Array<(t: string) => Finding[]> = [];
  if (kinds.has('CREDIT_CARD')) digitDetectors.push(scanPaymentCards);
  if (kinds.has('IBAN')) digitDetectors.push(scanIbans);
  if (kinds.has('US_SSN')) digitDetectors.push(scanUsSsns);
  if (kinds.has('NATIONAL_ID')) digitDetectors.push(scanNationalIds);
  // The number-based detectors only look near digits: prose with a few numbers is scanned in small slices.
  for (const [start, end] of digitRegions(text)) {
    const slice = start === 0 && end === text.length ? text : text.slice(start, end);
    const local: Finding[] = [];
    for (const detect of digitDetectors) local.push(...detect(slice));
    // Phone parsing is the expensive step: skip runs a checksum-validated detector already claimed.
    if (kinds.has('PHONE')) {
      const claimed = (s: number, e: number): boolean => local.some((f) => f.start < e && s < f.end && (f.score ?? 0) > 0.6);
      local.push(...scanPhones(slice, { regions: options.phoneRegions ?? DEFAULT_PHONE_REGIONS, claimed }));
    }
    for (const f of local) found.push({ ...f, start: f.start + start, end: f.end + start });
  }
  const minScore = options.minScore ?? 0;
  return resolveOverlaps(found.filter((f) => (f.score ?? 1) >= minScore));
}
