import type { Detector } from './finding.ts';
import { resolveOverlaps } from './finding.ts';
import { redactionMarker } from './redact.ts';

export interface StreamRedactorOptions {
  /**
   * At most this many characters are held back between calls. Must exceed the longest value to be caught
   * whole across chunk boundaries (256 covers provider keys and JWT headers; PEM blocks need more).
   */
  windowChars: number;
  /** The detector to run (e.g. `(t) => scanText(t, { categories: ['secret', 'pii'] })`). */
  detect: Detector;
}

export interface StreamRedactor {
  /** Feeds the next delta; returns the text that is now safe to emit (possibly empty). */
  push(delta: string): string;
  /** Ends the stream: returns everything still held back, redacted. */
  flush(): string;
}

// Characters that can continue a token; a finding that reached the end of the buffer may go on with these.
const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.~]/;

/**
 * Redacts a text stream chunk by chunk. The last `windowChars` characters are held back and re-scanned with
 * the next delta (plus the same amount of already-emitted text as context, so `password=` emitted earlier still
 * qualifies its value), so a secret split across chunks is caught before any of it is emitted.
 */
export function createStreamRedactor(options: StreamRedactorOptions): StreamRedactor {
  const { windowChars, detect } = options;
  if (!Number.isInteger(windowChars) || windowChars < 1) throw new RangeError('windowChars must be a positive integer');
  let pending = '';
  let context = '';
  // After a finding that ran to the end of the buffer was redacted, the token's continuation is dropped too.
  let swallowing = false;

  const emit = (limit: number, final: boolean): string => {
    const scanned = context + pending;
    const offset = context.length;
    const findings = resolveOverlaps(detect(scanned).filter((f) => f.category !== 'injection' && f.end > offset));
    let out = '';
    let cursor = 0;
    for (const f of findings) {
      const start = Math.max(f.start - offset, 0);
      if (start >= limit) break;
      out += pending.slice(cursor, start) + redactionMarker(f.type);
      cursor = Math.max(cursor, f.end - offset);
      if (!final && f.end - offset >= pending.length) swallowing = true;
    }
    const cut = Math.max(cursor, limit);
    out += pending.slice(cursor, cut);
    context = (context + pending.slice(0, cut)).slice(-windowChars);
    pending = pending.slice(cut);
    return out;
  };

  return {
    push(delta: string): string {
      let text = delta;
      if (swallowing) {
        let i = 0;
        while (i < text.length && TOKEN_CHAR.test(text[i] ?? '')) i++;
        if (i < text.length) swallowing = false;
        text = text.slice(i);
      }
      pending += text;
      if (pending.length <= windowChars) return '';
      return emit(pending.length - windowChars, false);
    },
    flush(): string {
      const out = emit(pending.length, true);
      pending = '';
      context = '';
      swallowing = false;
      return out;
    },
  };
}
