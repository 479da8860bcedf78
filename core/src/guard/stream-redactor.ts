import type { Detector, Finding } from './finding.ts';
import { resolveOverlaps } from './finding.ts';
import { redactionMarker } from './redact.ts';
import { contextChars, maxHeldChars, type StreamProfile, undecidedFrom } from './stream-shape.ts';

export interface StreamRedactorOptions {
  /** The detector to run (e.g. `(t) => scanText(t, { categories: ['secret', 'pii'] })`). */
  detect: Detector;
  /** The streaming profiles of the families `detect` runs: what of the tail could still become a finding. */
  profiles: readonly StreamProfile[];
}

export interface StreamRedactor {
  /** Feeds the next delta; returns the text that is now safe to emit (possibly empty). */
  push(delta: string): string;
  /** Ends the stream: returns everything still held back, redacted. */
  flush(): string;
  /** Characters currently held back. */
  readonly held: number;
}

/**
 * Redacts a text stream chunk by chunk, emitting exactly what redacting the whole text at once would give. Only
 * a trailing candidate that a detector could still extend is held (see `undecidedFrom`): text that cannot be
 * part of a finding goes out at once, and a secret split across chunks is never emitted in part. Already
 * emitted text is kept as context (each family's lookbehind), so `password=` sent earlier still qualifies the
 * value that follows. The hold is bounded by the longest finding any profile allows.
 */
export function createStreamRedactor(options: StreamRedactorOptions): StreamRedactor {
  const { detect, profiles } = options;
  const context = contextChars(profiles);
  const bound = Math.max(1, maxHeldChars(profiles));
  // The text seen so far, from `context` characters before the first one not yet emitted.
  let text = '';
  let emitted = 0;

  const release = (final: boolean): string => {
    const n = text.length;
    let cut = final ? n : undecidedFrom(text, emitted, profiles);
    const forced = !final && n - cut > bound;
    if (forced) cut = n - bound;
    if (cut <= emitted) return '';
    const findings = resolveOverlaps(detect(text).filter((f) => f.category !== 'injection' && f.end > emitted));
    cut = settleCut(findings, cut, forced, emitted);
    let out = '';
    let cursor = emitted;
    for (const f of findings) {
      if (f.end <= cursor) continue;
      if (f.start >= cut) break;
      // A finding begun in text already emitted (its marker went out with it): swallow the rest of it.
      if (f.start >= cursor) out += text.slice(cursor, f.start) + redactionMarker(f.type);
      cursor = f.end;
    }
    if (cursor < cut) out += text.slice(cursor, cut);
    emitted = Math.max(cursor, cut);
    if (emitted > 2 * context) {
      const drop = emitted - context;
      text = text.slice(drop);
      emitted -= drop;
    }
    return out;
  };

  return {
    push(delta: string): string {
      if (delta === '') return '';
      text += delta;
      return release(false);
    },
    flush(): string {
      const out = release(true);
      text = '';
      emitted = 0;
      return out;
    },
    get held() {
      return text.length - emitted;
    },
  };
}

/**
 * Moves the cut off any finding that spans it: back to the finding's start (held whole until it is decided),
 * or, when the hold is over its bound or the finding began in text already emitted, forward past its end.
 */
function settleCut(findings: readonly Finding[], cut: number, forced: boolean, emitted: number): number {
  let at = cut;
  for (let moved = true; moved; ) {
    moved = false;
    for (const f of findings) {
      if (f.start < at && f.end > at) {
        at = forced || f.start < emitted ? f.end : f.start;
        moved = true;
      }
    }
  }
  return at;
}
