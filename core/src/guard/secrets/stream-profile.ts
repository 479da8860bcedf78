import type { MatchShape, StreamProfile } from '../stream-shape.ts';
import { KEYWORDS, MAX_IDENT, MAX_VALUE, VALUE_CHARS } from './keyword-value.ts';
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
  // WordPress keys and salts: the quoted value (32-128 characters, spaces and symbols included) comes at most
  // `define( 'SECURE_AUTH_SALT' , '` (51 characters) after the trigger.
  { chars: /[^'"\r\n]/, maxLength: 128, lookahead: 1, anchors: { literals: ['define('], before: 64, after: 0,
    between: /^define\([ \t]{0,4}['"](?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)['"][ \t]{0,4},[ \t]{0,16}['"]$/ } },
];
/** Triggers the shapes above stand for; every other trigger opens its token. */
export const OWN_SHAPE_TRIGGERS: ReadonlySet<string> = new Set(['_live_', '_test_', '_v1_', 'Q~', '|', '%7C', '%7c', 'hooks.slack.com', 'service_account',
  'define(']);

// Hashes opened by a `$` trigger; `$` is not a token character, so they have shapes of their own.
const hashTriggers = (type: string): string[] => PROVIDER_RULES.filter((r) => r.type === type).flatMap((r) => r.triggers);
const HASH_SHAPES: readonly MatchShape[] = [
  // crypt(3) hashes: `$1$`, `$2b$`… then an optional `rounds=N$`, a salt, `$` and the hash (at most 184 characters).
  { chars: /[$./A-Za-z0-9=]/, starts: /\$/, notAfter: /[A-Za-z0-9$]/, maxLength: 256, lookahead: 1,
    anchors: { literals: hashTriggers('PASSWORD_HASH'), before: 0, after: 0 } },
  // Kerberos `$krb5asrep$…`/`$krb5tgs$…`: the optional principal may hold any character but whitespace, `$` and `:`;
  // no left boundary. At most 5+5+1+2+1+201+32+1+2048 = 2296 characters.
  { chars: /\S/, starts: /\$/, maxLength: 2304, lookahead: 1, anchors: { literals: hashTriggers('KERBEROS_HASH'), before: 0, after: 0 } },
];
const HASH_TRIGGERS = new Set(HASH_SHAPES.flatMap((s) => s.anchors?.literals ?? []));

const triggers = [...new Set(PROVIDER_RULES.flatMap((r) => r.triggers))];

const SHAPES: readonly MatchShape[] = [
  // Provider tokens opened by their trigger (`sk-`, `ghp_`, `AKIA`…): derived from the rules, so a new rule with
  // a prefix trigger is covered without a change here.
  { chars: TOKEN_CHARS, notAfter: WORD_CHAR, maxLength: 8192, lookahead: 1,
    anchors: { literals: triggers.filter((t) => !OWN_SHAPE_TRIGGERS.has(t) && !HASH_TRIGGERS.has(t)), before: 0, after: 0 } },
  ...OWN_SHAPES,
  ...HASH_SHAPES,
  // JSON Web Tokens.
  { chars: /[A-Za-z0-9_.-]/, notAfter: /[A-Za-z0-9_-]/, maxLength: 12_100, lookahead: 1, anchors: { literals: ['eyJ'], before: 0, after: 0 } },
  // Private-key blocks: anything may follow BEGIN until the END line (an unterminated block runs on).
  { chars: /[\s\S]/, maxLength: 65_536 + 256, lookahead: 0,
    anchors: { literals: ['-----BEGIN'], before: 0, after: 0 }, closers: { literals: ['-----END'], reach: 65 } },
  // Values assigned to secret-sounding names, after `=`, `:`, `:=`, `=>`, an optional scheme and a quote.
  { chars: /[^\s'"`]/, maxLength: 512, lookahead: 1, anchors: { literals: [':', '='], before: 24, after: 0 } },
  // Passwords in URLs (`scheme://user:password@host`).
  { chars: /[^\s/?#@'"`<>]/, maxLength: 256, lookahead: 2, anchors: { literals: [':'], before: 1, after: 0 } },
  // Long-tail vendor keys named by the text in front (`tomtom_key=…`, `languagelayer SECRET …`): a keyword, the
  // rest of the name (the keyword included, at most MAX_IDENT), an operator or spaces with quotes (10), then the
  // value; nothing else stands between, so the prose after a value-less keyword is not held.
  { chars: new RegExp(`[${VALUE_CHARS}]`), starts: /[A-Za-z0-9]/, maxLength: MAX_VALUE, lookahead: 1,
    anchors: { literals: KEYWORDS, before: MAX_IDENT + 16, after: 0, ignoreCase: true,
      between: new RegExp(`^[A-Za-z0-9_.-]{3,${MAX_IDENT}}['"]?(?:[ \\t]{0,3}(?::=|=>|[:=,])[ \\t]{0,3}|[ \\t]{1,3})['"]?$`) } },
  // curl `-u user:password` / `--user "…"`.
  { chars: /[^\s'"]/, maxLength: 256, lookahead: 2, anchors: { literals: ['-u', '--user', ':'], before: 16, after: 0 } },
];

/**
 * How secrets look to a streaming redactor. Lookbehind: a curl `-u` counts up to 2000 characters after its
 * `curl`; names before assigned values and users before URL passwords are much closer.
 */
export const SECRET_STREAM_PROFILE: StreamProfile = { shapes: SHAPES, lookbehind: 2304 };

