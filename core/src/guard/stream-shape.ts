import { createStreamTail } from './stream-tail.ts';

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
  anchors?: {
    literals: readonly string[];
    before: number;
    after: number;
    ignoreCase?: boolean;
    /**
     * When set, the text from the anchor occurrence's start to the finding's start matches it (a name and an
     * operator before a value): prose further on after the anchor is then known not to start a finding.
     */
    between?: RegExp;
  };
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
 * or ends within the shape's lookahead of it. Everything before is final and can be emitted; `text.length` when
 * nothing is pending. (A streaming redactor keeps a `StreamTail` instead, which answers this incrementally.)
 */
export function undecidedFrom(text: string, from: number, profiles: readonly StreamProfile[]): number {
  const tail = createStreamTail(profiles);
  tail.append(text);
  return tail.undecidedFrom(Math.max(0, from));
}
