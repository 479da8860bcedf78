import type { GuardCategory } from '../../domain/guard-policy.ts';
import type { Finding } from '../../guard/finding.ts';

/** Streamed text scanned for categories that are only flagged (or that block without redacting, as injection). */
export interface StreamFlagger {
  /** Adds generated text; scans it once a sentence or line ends, or enough has piled up. */
  push(text: string): void;
  /** Scans what is left; call when the stream ends. */
  finish(): void;
}

/** Text scanned again before new text, so a finding across a scan boundary is seen whole. */
const OVERLAP_CHARS = 1024;
/** Unscanned text that triggers a scan even without a sentence end. */
const BATCH_CHARS = 256;
/** Streamed text scanned at most, in all: a stream longer than this is flagged on its first part. */
const MAX_SCANNED_CHARS = 256 * 1024;
const BOUNDARY = /[.!?:;\n]/;

/**
 * Scans a stream's generated text as it arrives, at sentence and line ends, so a finding is reported while the
 * stream runs (and can stop it) rather than only at its end. A span is reported once per category.
 */
export function createStreamFlagger(
  categories: readonly GuardCategory[],
  scan: (text: string, categories: readonly GuardCategory[]) => Finding[],
  report: (finding: Finding) => void,
): StreamFlagger {
  let text = '';
  // Offset of `text` in the whole stream, and of the first character not scanned yet.
  let base = 0;
  let scanned = 0;
  let total = 0;
  // Spans already reported, in stream offsets: a rescan of the overlap finds them again, perhaps a little moved.
  let reported: Array<{ category: string; start: number; end: number }> = [];

  const run = (): void => {
    if (scanned >= base + text.length) return;
    for (const f of scan(text, categories)) {
      const start = base + f.start;
      const end = base + f.end;
      if (reported.some((r) => r.category === f.category && r.start < end && start < r.end)) continue;
      reported.push({ category: f.category, start, end });
      report(f);
    }
    scanned = base + text.length;
    if (text.length > OVERLAP_CHARS) {
      base += text.length - OVERLAP_CHARS;
      text = text.slice(-OVERLAP_CHARS);
      reported = reported.filter((r) => r.end > base);
    }
  };

  return {
    push(delta) {
      if (categories.length === 0 || total >= MAX_SCANNED_CHARS || delta === '') return;
      const piece = delta.slice(0, MAX_SCANNED_CHARS - total);
      total += piece.length;
      text += piece;
      if (BOUNDARY.test(piece) || base + text.length - scanned >= BATCH_CHARS) run();
    },
    finish: run,
  };
}
