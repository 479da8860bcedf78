import type { MatchShape, StreamProfile } from '../stream-shape.ts';
import { PROVIDER_RULES } from './provider-rules.ts';

// Characters of provider tokens: base64/base64url, separators, and the `|`/`%7C` of app tokens.
const TOKEN_CHARS = /[A-Za-z0-9_\-+/=.~|%]/;
const WORD_CHAR = /[A-Za-z0-9_]/;

// Provider rules whose trigger does not open the token (or that have no left word boundary): their own shapes.
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const OWN_SHAPES: readonly MatchShape[] = [
  // Stripe `sk_live_…`, DigitalOcean `dop_v1_…`.
  { chars: TOKEN_CHARS, starts: /[rs]/, notAfter: WORD_CHAR, maxLength: 256, lookahead: 1, anchors: { literals: ['_live_', '_test_'], before: 0, after: 2 } },
  { chars: TOKEN_CHARS, starts: /d/, notAfter: WORD_CHAR, maxLength: 128, lookahead: 1, anchors: { literals: ['_v1_'], before: 0, after: 3 } },
  // Azure client secrets: three characters, a version digit, then `Q~`.
  { chars: TOKEN_CHARS, notAfter: WORD_CHAR, maxLength: 48, lookahead: 1, anchors: { literals: DIGITS, before: 0, after: 3 } },
  // App tokens `<15-16 digits>|<27 chars>`.
  { chars: TOKEN_CHARS, starts: /[0-9]/, notAfter: WORD_CHAR, maxLength: 48, lookahead: 1, anchors: { literals: ['|', '%7C', '%7c'], before: 0, after: 16 } },
  { chars: /[A-Za-z0-9_/+.-]/, maxLength: 256, lookahead: 1, anchors: { literals: ['hooks.slack.com'], before: 0, after: 0 } },
  { chars: /["a-z_:\s]/, maxLength: 48, lookahead: 0, anchors: { literals: ['"type"'], before: 0, after: 0 } },
];
/** Triggers the shapes above stand for; every other trigger opens its token. */
export const OWN_SHAPE_TRIGGERS: ReadonlySet<string> = new Set(['_live_', '_test_', '_v1_', 'Q~', '|', '%7C', '%7c', 'hooks.slack.com', 'service_account']);

const triggers = [...new Set(PROVIDER_RULES.flatMap((r) => r.triggers))];

const SHAPES: readonly MatchShape[] = [
  // Provider tokens opened by their trigger (`sk-`, `ghp_`, `AKIA`…): derived from the rules, so a new rule with
  // a prefix trigger is covered without a change here.
  { chars: TOKEN_CHARS, notAfter: WORD_CHAR, maxLength: 8192, lookahead: 1,
    anchors: { literals: triggers.filter((t) => !OWN_SHAPE_TRIGGERS.has(t)), before: 0, after: 0 } },
  ...OWN_SHAPES,
  // JSON Web Tokens.
  { chars: /[A-Za-z0-9_.-]/, notAfter: /[A-Za-z0-9_-]/, maxLength: 12_100, lookahead: 1, anchors: { literals: ['eyJ'], before: 0, after: 0 } },
  // Private-key blocks: anything may follow BEGIN until the END line (an unterminated block runs on).
  { chars: /[\s\S]/, maxLength: 65_536 + 256, lookahead: 0,
    anchors: { literals: ['-----BEGIN'], before: 0, after: 0 }, closers: { literals: ['-----END'], reach: 65 } },
  // Values assigned to secret-sounding names, after `=`, `:`, `:=`, `=>`, an optional scheme and a quote.
  { chars: /[^\s'"`]/, maxLength: 512, lookahead: 1, anchors: { literals: [':', '='], before: 24, after: 0 } },
  // Passwords in URLs (`scheme://user:password@host`).
  { chars: /[^\s/?#@'"`<>]/, maxLength: 256, lookahead: 2, anchors: { literals: [':'], before: 1, after: 0 } },
  // curl `-u user:password` / `--user "…"`.
  { chars: /[^\s'"]/, maxLength: 256, lookahead: 2, anchors: { literals: ['-u', '--user', ':'], before: 16, after: 0 } },
];

/**
 * How secrets look to a streaming redactor. Lookbehind: a curl `-u` counts up to 2000 characters after its
 * `curl`; names before assigned values and users before URL passwords are much closer.
 */
export const SECRET_STREAM_PROFILE: StreamProfile = { shapes: SHAPES, lookbehind: 2304 };

