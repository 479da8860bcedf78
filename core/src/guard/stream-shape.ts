/**
 * What a streaming redactor needs to know about a detector family to hold back only what could still become a
 * finding: a conservative description of the shape of every finding the family can report. It is deliberately
 * generic (character classes, lengths, anchor literals) so that a new pattern needs no streaming code, only a
 * shape that covers it; `stream-shape.test.ts` checks every finding of the real detectors against its family's
 * shapes, so a pattern that outgrows them fails a test instead of leaking a prefix.
 */
export interface MatchShape {
  /** One character class (no flags needed): every character of a finding of this shape belongs to it. */
  chars: RegExp;
  /** The class of a finding's first character; `chars` when absent. */
  starts?: RegExp;
  /** A character that never stands right before a finding (the detector's left boundary), when there is one. */
  notAfter?: RegExp;
  /** Longest finding of this shape, in UTF-16 units. */
  maxLength: number;
  /**
   * Characters the detector reads to decide a finding after the end of the run of `chars` it lies in (a right
   * boundary check, a closing `@`): a finding is decided once that run has ended this many characters ago.
   */
  lookahead: number;
  /**
   * Literals one of which every finding has near it: an occurrence starts at most `before` characters before
   * the finding's start, or at most `after` characters after it. Absent: any run of `chars` may be a finding.
   */
  anchors?: { literals: readonly string[]; before: number; after: number; ignoreCase?: boolean };
  /**
   * Literals that end a finding: once one occurs at or after the finding's start, the finding ends at most
   * `reach` characters after that occurrence's start (e.g. a PEM block's END line).
   */
  closers?: { literals: readonly string[]; reach: number };
}

/** A detector family's streaming profile: the shapes of its findings and how much context decides one. */
export interface StreamProfile {
  shapes: readonly MatchShape[];
  /** Characters before a finding's start the detector reads to decide it (cue words, names, boundaries). */
  lookbehind: number;
}

/** The characters a streaming redactor must keep as context before what it has not emitted yet. */
export function contextChars(profiles: readonly StreamProfile[]): number {
  return Math.max(0, ...profiles.map((p) => p.lookbehind));
}

/** The most a redactor may ever hold: the longest finding plus its lookahead. */
export function maxHeldChars(profiles: readonly StreamProfile[]): number {
  return Math.max(0, ...profiles.flatMap((p) => p.shapes.map((s) => s.maxLength + s.lookahead)));
}

/**
 * The earliest offset of `text` (a stream's text so far, `from` being the first offset not yet emitted) at which
 * a finding could start that is not yet decided: one whose run of shape characters reaches the end of the text,
 * or ends within the shape's lookahead of it. Everything before is final and can be emitted. `text.length` when nothing is pending.
 */
export function undecidedFrom(text: string, from: number, profiles: readonly StreamProfile[]): number {
  let hold = text.length;
  for (const p of profiles) for (const shape of p.shapes) hold = Math.min(hold, shapeHold(text, Math.max(from, 0), shape));
  return hold;
}

function shapeHold(text: string, from: number, shape: MatchShape): number {
  const n = text.length;
  const settled = n - shape.lookahead;
  // A finding that is not decided contains a character at or after `settled` (or lies wholly in the future), and
  // all its characters so far are `chars`: walk back over such runs.
  const floor = Math.max(from, settled - shape.maxLength + 1);
  // Whether the run of `chars` from the current position on reaches the end of the text or the undecided zone.
  let live = true;
  let best = n;
  const anchors = shape.anchors ? anchorIndex(text, Math.max(0, floor - shape.anchors.before), shape.anchors) : undefined;
  const closers = shape.closers ? closerPositions(text, floor, shape.closers.literals) : undefined;
  for (let s = n - 1; s >= floor; s--) {
    const inClass = shape.chars.test(text[s] ?? '');
    live = inClass && (s >= settled || live);
    if (!live) {
      if (s < settled) break;
      continue;
    }
    if (shape.starts && !shape.starts.test(text[s] ?? '')) continue;
    if (shape.notAfter && s > 0 && shape.notAfter.test(text[s - 1] ?? '')) continue;
    if (anchors && shape.anchors && !anchors(s - shape.anchors.before, s + shape.anchors.after)) continue;
    if (closers && shape.closers && closedBefore(closers, s, shape.closers.reach, settled)) continue;
    best = s;
  }
  return best;
}

/**
 * Positions where an anchor starts, complete or still forming at the end of the text, from `start` on; returns
 * "is there one in [lo, hi]?", where a window reaching the end of the text always may still receive one.
 */
function anchorIndex(text: string, start: number, a: NonNullable<MatchShape['anchors']>): (lo: number, hi: number) => boolean {
  const n = text.length;
  const hay = a.ignoreCase ? text.slice(start).toLowerCase() : text.slice(start);
  const literals = a.ignoreCase ? a.literals.map((l) => l.toLowerCase()) : a.literals;
  const counts = new Int32Array(hay.length + 1);
  const mark = new Uint8Array(hay.length);
  for (const lit of literals) {
    for (let i = hay.indexOf(lit); i !== -1; i = hay.indexOf(lit, i + 1)) mark[i] = 1;
    for (let k = Math.min(lit.length - 1, hay.length); k > 0; k--) if (hay.endsWith(lit.slice(0, k))) mark[hay.length - k] = 1;
  }
  for (let i = 0; i < hay.length; i++) counts[i + 1] = (counts[i] ?? 0) + (mark[i] ?? 0);
  return (lo, hi) => {
    if (hi >= n) return true;
    const l = Math.max(lo, start) - start;
    const h = hi - start + 1;
    return h > l && (counts[h] ?? 0) - (counts[l] ?? 0) > 0;
  };
}

function closerPositions(text: string, from: number, literals: readonly string[]): number[] {
  const out: number[] = [];
  for (const lit of literals) for (let i = text.indexOf(lit, from); i !== -1; i = text.indexOf(lit, i + 1)) out.push(i);
  return out.sort((x, y) => x - y);
}

/** Whether a finding starting at `s` has already met a closer far enough back that it cannot reach `settled`. */
function closedBefore(closers: readonly number[], s: number, reach: number, settled: number): boolean {
  const first = closers.find((c) => c >= s);
  return first !== undefined && first + reach < settled;
}
