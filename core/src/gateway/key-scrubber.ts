/**
 * Removes provider keys from text the gateway relays: an upstream that echoes its key in an error body (or a
 * debugging proxy that reflects headers) must not hand it to the agent. Each key is looked for as it is and in
 * its common encodings (URL-encoding, JSON escapes, base64 and base64url at every byte alignment). A match is
 * replaced by a mask of the same length, so a Content-Length already sent stays right.
 *
 * Works on latin1 strings (one char per byte): keys are ASCII, so byte-wise matching is exact for UTF-8 too.
 */

/** Keys shorter than this are not scrubbed: they would match ordinary text. */
const MIN_NEEDLE = 8;
const MASK = '[key removed]';

function mask(length: number): string {
  return length >= MASK.length ? MASK + '*'.repeat(length - MASK.length) : '*'.repeat(length);
}

/** The part of base64(prefix + key) that depends on the key's bytes only, for a prefix of 0, 1 and 2 bytes. */
function base64Cores(latin1Key: string): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = btoa('\0'.repeat(offset) + latin1Key).replace(/=+$/, '');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + latin1Key.length) * 8) / 6);
    out.push(encoded.slice(start, end));
  }
  return out.flatMap((b) => [b, b.replace(/\+/g, '-').replace(/\//g, '_')]);
}

/** Every form of a key worth looking for. */
export function keyForms(key: string): string[] {
  const bytes = new TextEncoder().encode(key);
  const latin1 = String.fromCharCode(...bytes);
  const percentAll = [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  const unicodeEscaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const forms = [
    latin1,
    encodeURIComponent(key),
    percentAll,
    percentAll.toLowerCase(),
    JSON.stringify(key).slice(1, -1),
    unicodeEscaped,
    ...base64Cores(latin1),
  ];
  return [...new Set(forms)].filter((f) => f.length >= MIN_NEEDLE);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface KeyScrubber {
  /** Whether there is anything to look for. */
  readonly active: boolean;
  /** Scrubs a complete text (latin1). */
  scrub(text: string): string;
  /**
   * A scrubber for one stream: `push` returns what can be sent now, holding back only a tail that could be the
   * start of a key; `end` returns the rest.
   */
  stream(): { push(text: string): string; end(): string };
}

export function createKeyScrubber(keys: readonly string[]): KeyScrubber {
  const needles = [...new Set(keys.flatMap(keyForms))].sort((a, b) => b.length - a.length);
  const pattern = needles.length === 0 ? undefined : new RegExp(needles.map(escapeRegExp).join('|'), 'g');
  const maxLen = needles[0]?.length ?? 0;
  const scrub = (text: string): string => (pattern === undefined ? text : text.replace(pattern, (m) => mask(m.length)));
  /** Length of the longest tail of `text` that is the beginning of some needle. */
  const heldTail = (text: string): number => {
    for (let k = Math.min(maxLen - 1, text.length); k > 0; k--) {
      const tail = text.slice(text.length - k);
      if (needles.some((n) => n.startsWith(tail))) return k;
    }
    return 0;
  };
  return {
    active: pattern !== undefined,
    scrub,
    stream() {
      let held = '';
      return {
        push(text: string): string {
          if (pattern === undefined) return text;
          const all = scrub(held + text);
          const keep = heldTail(all);
          held = all.slice(all.length - keep);
          return all.slice(0, all.length - keep);
        },
        end(): string {
          const rest = held;
          held = '';
          return rest;
        },
      };
    },
  };
}
