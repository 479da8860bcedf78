import type { Detector, Finding } from './finding.ts';
import { resolveOverlaps } from './finding.ts';
import { redactionMarker } from './redact.ts';
import { contextChars, maxHeldChars, type StreamProfile } from './stream-shape.ts';
import { createStreamTail } from './stream-tail.ts';

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
 * value that follows. The hold is bounded by the longest finding any profile allows. The detector runs only
 * when an anchor of some shape stands near the text about to go out.
 */
export function createStreamRedactor(options: StreamRedactorOptions): StreamRedactor {
  const { detect, profiles } = options;
  const context = contextChars(profiles);
  const bound = Math.max(1, maxHeldChars(profiles));
  let tail = createStreamTail(profiles);
  // Absolute offset of the first character not emitted yet.
  let emitted = 0;

  const release = (final: boolean): string => {
    const n = tail.end;
    let cut = final ? n : tail.undecidedFrom(emitted);
    const forced = !final && n - cut > bound;
    if (forced) cut = n - bound;
    if (cut <= emitted) return '';
    const { text, base } = tail;
    let out = '';
    let cursor = emitted;
    if (forced || tail.mayStartIn(emitted, cut)) {
      const findings = resolveOverlaps(
        detect(text)
          .filter((f) => f.category !== 'injection' && f.end + base > emitted)
          .map((f) => ({ ...f, start: f.start + base, end: f.end + base })),
      );
      // A finding reported but not decided may hide a weaker one it overlaps, which must then be held too.
      const undecided = findings.find((f) => f.start >= cut && f.start < n);
      if (undecided && !forced) cut = Math.min(cut, tail.reaching(undecided.start, emitted));
      cut = settleCut(findings, cut, forced, emitted);
      for (const f of findings) {
        if (f.end <= cursor) continue;
        if (f.start >= cut) break;
        // A finding begun in text already emitted (its marker went out with it): swallow the rest of it.
        if (f.start >= cursor) out += text.slice(cursor - base, f.start - base) + redactionMarker(f.type);
        cursor = f.end;
      }
    }
    if (cursor < cut) out += text.slice(cursor - base, cut - base);
    emitted = Math.max(cursor, cut);
    if (emitted - context > tail.base) tail.forget(emitted - context);
    return out;
  };

  return {
    push(delta: string): string {
      if (delta === '') return '';
      tail.append(delta);
      return release(false);
    },
    flush(): string {
      const out = release(true);
      tail = createStreamTail(profiles);
      emitted = 0;
      return out;
    },
    get held() {
      return tail.end - emitted;
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
