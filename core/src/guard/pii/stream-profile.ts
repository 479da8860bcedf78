import type { MatchShape, StreamProfile } from '../stream-shape.ts';
import { MAX_PHONE_CHARS } from './phone.ts';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const WORD_CHAR = /[A-Za-z0-9_]/;

const SHAPES: readonly MatchShape[] = [
  // E-mail addresses: a local part of at most 64 characters, then "@".
  { chars: /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~@-]/, maxLength: 640, lookahead: 2, anchors: { literals: ['@'], before: 0, after: 64 } },
  // Phone numbers, payment cards, US SSNs, IPv4 and digit-only national IDs.
  { chars: /[0-9 .()+/-]/, starts: /[0-9+(]/, notAfter: WORD_CHAR, maxLength: 64, lookahead: 2, anchors: { literals: DIGITS, before: 0, after: 2 } },
  // Phone numbers with an extension kept in the finding ("ext. 204", "x123", ", int 12", ";ext=12", "#12", "доб. 5",
  // "extensión 7"): the number's characters plus tab, `,;=#` and every letter of those words in either case.
  { chars: /[0-9 \t.()+/,;=#EXTNSIOÓДОБextnsioóдоб-]/, starts: /[0-9+(]/, notAfter: WORD_CHAR, maxLength: MAX_PHONE_CHARS, lookahead: 2,
    anchors: { literals: ['ext', 'x', '#', 'int', 'доб'], before: 0, after: MAX_PHONE_CHARS, ignoreCase: true } },
  // National IDs with letters (ES NIF/NIE, FI, SG NRIC).
  { chars: /[0-9A-Za-z+-]/, notAfter: WORD_CHAR, maxLength: 16, lookahead: 2, anchors: { literals: DIGITS, before: 0, after: 1 } },
  // IBANs, bare or in groups of four.
  { chars: /[A-Za-z0-9 ]/, starts: /[A-Z]/, notAfter: /[A-Za-z0-9]/, maxLength: 48, lookahead: 1, anchors: { literals: DIGITS, before: 0, after: 2 } },
  // IPv6: a hex group of at most four characters, then ":".
  { chars: /[0-9A-Za-z:.%/_-]/, starts: /[0-9A-Fa-f:]/, notAfter: /[A-Za-z0-9_:.]/, maxLength: 80, lookahead: 2, anchors: { literals: [':'], before: 0, after: 4 } },
];

/**
 * How personal data looks to a streaming redactor. Lookbehind: an "SSN" cue counts within 40 characters, and
 * number detectors read 64 characters around each digit run.
 */
export const PII_STREAM_PROFILE: StreamProfile = { shapes: SHAPES, lookbehind: 128 };
