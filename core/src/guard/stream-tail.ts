import type { MatchShape, StreamProfile } from './stream-shape.ts';

/**
 * A stream's text and, per shape, what `undecidedFrom` needs, kept up to date as text is appended: the start of
 * the character runs at the end of the text, and where anchors and closers occur. Each append costs time in
 * proportion to the new text; each question in proportion to the anchors near the end, so a long held run (a
 * base64 blob, a private key) is not walked again on every chunk.
 */
export interface StreamTail {
  /** Text from absolute offset `base` on. */
  readonly text: string;
  readonly base: number;
  /** Absolute end: everything appended so far. */
  readonly end: number;
  append(delta: string): void;
  /** The earliest absolute offset ≥ `from` at which a finding could start that is not decided yet; `end` if none. */
  undecidedFrom(from: number): number;
  /**
   * The earliest absolute offset in [from, at) where a finding covering offset `at` could start (some shape's run
   * reaches `at` and its start fits); `at` if none. Such a finding may be hidden by an overlapping one that starts
   * at `at` and is not decided yet, so it is not decided either.
   */
  reaching(at: number, from: number): number;
  /** Whether any finding could start in [from, to): an anchor of some shape stands near enough. */
  mayStartIn(from: number, to: number): boolean;
  /** Drops text and positions before absolute offset `offset` (kept: what lookbehind needs). */
  forget(offset: number): void;
}

interface ShapeState {
  shape: MatchShape;
  literals: readonly string[];
  /** Every proper prefix of a literal: what an anchor still forming at the end of the text looks like. */
  prefixes: ReadonlySet<string>;
  longest: number;
  /** runStart of the last `ring.length` characters (absolute), -1 where the character is not in `chars`. */
  ring: number[];
  anchors: number[];
  closers: number[];
}

function lowerIf(s: string, ignoreCase: boolean | undefined): string {
  return ignoreCase ? s.toLowerCase() : s;
}

/** Positions of the literals that complete in `text[from - base…]` and did not complete before `from`. */
function occurrences(text: string, base: number, from: number, literals: readonly string[], longest: number, ignoreCase?: boolean): number[] {
  const start = Math.max(base, from - longest + 1);
  const hay = lowerIf(text.slice(start - base), ignoreCase);
  const out: number[] = [];
  for (const lit of literals) {
    for (let i = hay.indexOf(lit); i !== -1; i = hay.indexOf(lit, i + 1)) if (start + i + lit.length > from) out.push(start + i);
  }
  return out.sort((a, b) => a - b);
}

/** Appends ascending `more` to ascending `xs`, keeping it ascending (a long literal may start before a short one). */
function merge(xs: number[], more: readonly number[]): void {
  if (more.length === 0) return;
  const sorted = xs.length === 0 || (xs[xs.length - 1] ?? 0) <= (more[0] ?? 0);
  xs.push(...more);
  if (!sorted) xs.sort((a, b) => a - b);
}

/** Index of the first element ≥ `x` in an ascending array. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createStreamTail(profiles: readonly StreamProfile[]): StreamTail {
  const states: ShapeState[] = profiles.flatMap((p) =>
    p.shapes.map((shape) => {
      const literals = (shape.anchors?.literals ?? []).map((l) => lowerIf(l, shape.anchors?.ignoreCase));
      const prefixes = new Set(literals.flatMap((l) => Array.from({ length: l.length - 1 }, (_, k) => l.slice(0, k + 1))));
      return { shape, literals, prefixes, longest: Math.max(1, ...literals.map((l) => l.length)), ring: [], anchors: [], closers: [] };
    }),
  );
  let text = '';
  let base = 0;
  const end = (): number => base + text.length;
  const charAt = (i: number): string => text[i - base] ?? '';

  const ok = (st: ShapeState, s: number, settled: number, anchor?: number): boolean => {
    const { shape } = st;
    const c = charAt(s);
    // Text between a known anchor and the start that the shape rules out (unknown once forgotten: then allowed).
    const between = shape.anchors?.between;
    if (between && anchor !== undefined && anchor >= base && !between.test(text.slice(anchor - base, s - base))) return false;
    if (!shape.chars.test(c) || (shape.starts && !shape.starts.test(c))) return false;
    if (shape.notAfter && s - 1 >= base && shape.notAfter.test(charAt(s - 1))) return false;
    if (shape.closers) {
      const first = st.closers[lowerBound(st.closers, s)];
      if (first !== undefined && first + shape.closers.reach < settled) return false;
    }
    return true;
  };

  const firstOk = (st: ShapeState, lo: number, hi: number, settled: number, anchor?: number): number => {
    for (let s = lo; s <= hi; s++) if (ok(st, s, settled, anchor)) return s;
    return Number.POSITIVE_INFINITY;
  };

  const holdOf = (st: ShapeState, from: number): number => {
    const { shape } = st;
    const n = end();
    const settled = n - shape.lookahead;
    // The run of `chars` holding the first such character at or after `settled` (or the last character).
    const zone = Math.min(settled, n - 1);
    let runStart = -1;
    for (let k = zone; k < n && runStart === -1; k++) runStart = st.ring[st.ring.length - (n - k)] ?? -1;
    if (runStart === -1) return n;
    const low = Math.max(from, base, runStart, settled - shape.maxLength + 1);
    const last = n - 1;
    if (low > last) return n;
    const anchors = shape.anchors;
    if (!anchors) return Math.min(n, firstOk(st, low, last, settled));
    let best = Number.POSITIVE_INFINITY;
    // Complete anchors near enough, in order: the first that admits a start gives the earliest.
    for (let i = lowerBound(st.anchors, low - anchors.before); i < st.anchors.length; i++) {
      const a = st.anchors[i] ?? 0;
      const lo = Math.max(low, a - anchors.after);
      if (lo > last || lo >= best) break;
      best = Math.min(best, firstOk(st, lo, Math.min(last, a + anchors.before), settled, a));
    }
    // Anchors still forming at the end of the text, or yet to come.
    const tail = lowerIf(text.slice(Math.max(0, text.length - st.longest + 1)), anchors.ignoreCase);
    for (let k = 1; k <= tail.length; k++) {
      if (!st.prefixes.has(tail.slice(tail.length - k))) continue;
      const a = n - k;
      // `between` reads only text[a, start), known for every start up to `last`: exact for a forming anchor too.
      best = Math.min(best, firstOk(st, Math.max(low, a - anchors.after), Math.min(last, a + anchors.before), settled, a));
    }
    if (anchors.after > 0) best = Math.min(best, firstOk(st, Math.max(low, n - anchors.after), last, settled));
    return Math.min(n, best);
  };

  return {
    get text() {
      return text;
    },
    get base() {
      return base;
    },
    get end() {
      return end();
    },
    append(delta) {
      if (delta === '') return;
      const before = end();
      text += delta;
      for (const st of states) {
        const size = st.shape.lookahead + 1;
        for (let i = 0; i < delta.length; i++) {
          const prev = st.ring[st.ring.length - 1] ?? -1;
          st.ring.push(st.shape.chars.test(delta[i] ?? '') ? (prev === -1 ? before + i : prev) : -1);
          if (st.ring.length > size) st.ring.shift();
        }
        if (st.shape.anchors) merge(st.anchors, occurrences(text, base, before, st.literals, st.longest, st.shape.anchors.ignoreCase));
        if (st.shape.closers) {
          const { literals } = st.shape.closers;
          merge(st.closers, occurrences(text, base, before, literals, Math.max(...literals.map((l) => l.length))));
        }
      }
    },
    undecidedFrom(from) {
      let hold = end();
      for (const st of states) hold = Math.min(hold, holdOf(st, from));
      return hold;
    },
    reaching(at, from) {
      let best = at;
      for (const st of states) {
        const { shape } = st;
        if (!shape.chars.test(charAt(at))) continue;
        const floor = Math.max(from, base, at - shape.maxLength + 1);
        let s = at;
        while (s > floor && shape.chars.test(charAt(s - 1))) s--;
        const a = shape.anchors;
        for (let c = s; c < best; c++) {
          if (!ok(st, c, at + 1)) continue;
          if (a) {
            const i = lowerBound(st.anchors, c - a.before);
            const near = st.anchors[i];
            if (near === undefined || near > c + a.after) continue;
          }
          best = c;
          break;
        }
      }
      return best;
    },
    mayStartIn(from, to) {
      if (to <= from) return false;
      return states.some((st) => {
        const a = st.shape.anchors;
        if (!a) return true;
        const i = lowerBound(st.anchors, from - a.before);
        const first = st.anchors[i];
        return first !== undefined && first <= to - 1 + a.after;
      });
    },
    forget(offset) {
      if (offset <= base) return;
      text = text.slice(offset - base);
      base = offset;
      for (const st of states) {
        const keep = offset - (st.shape.anchors?.before ?? 0) - st.longest;
        st.anchors.splice(0, lowerBound(st.anchors, keep));
        st.closers.splice(0, lowerBound(st.closers, offset - (st.shape.closers?.reach ?? 0)));
      }
    },
  };
}
