/** The three families of things the guard looks for. */
export type FindingCategory = 'secret' | 'pii' | 'injection';

/**
 * One detected span of text. `start`/`end` are UTF-16 offsets into the scanned string (end exclusive), so
 * `text.slice(start, end)` is the detected value. `score` is a confidence in [0, 1] where a detector has one.
 */
export interface Finding {
  category: FindingCategory;
  /** SCREAMING_SNAKE type, e.g. 'AWS_ACCESS_KEY', 'EMAIL', 'CREDIT_CARD', 'INSTRUCTION_OVERRIDE'. */
  type: string;
  start: number;
  end: number;
  score?: number;
}

/** A detector: a pure function from text to findings. */
export type Detector = (text: string) => Finding[];

/** Orders findings by start, then longest first, so callers and tests see a stable order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Drops findings that overlap a stronger one (higher score, then longer span), keeping the result sorted.
 * Detectors overlap by design (a card number is also a run of digits a phone parser may accept), and a span
 * must be redacted once, under its most specific name.
 */
export function resolveOverlaps(findings: Finding[]): Finding[] {
  // Work cluster by cluster (runs of mutually chained overlaps) so the cost stays near-linear on texts with
  // thousands of findings, which are almost all disjoint.
  const byStart = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  let cluster: Finding[] = [];
  let clusterEnd = -1;
  for (const f of byStart) {
    if (cluster.length > 0 && f.start >= clusterEnd) {
      out.push(...pickStrongest(cluster));
      cluster = [];
    }
    cluster.push(f);
    clusterEnd = cluster.length === 1 ? f.end : Math.max(clusterEnd, f.end);
  }
  out.push(...pickStrongest(cluster));
  return sortFindings(out);
}

/** Stronger first: higher score, then longer span, then earlier start. */
function byStrength(a: Finding, b: Finding): number {
  return (b.score ?? 0.5) - (a.score ?? 0.5) || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/** Greedy by strength: keep a finding unless it overlaps one already kept. */
function pickStrongest(cluster: Finding[]): Finding[] {
  if (cluster.length < 2) return cluster;
  const ranked = [...cluster].sort(byStrength);
  if (cluster.length <= 32) {
    const kept: Finding[] = [];
    for (const f of ranked) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
    return kept;
  }
  // Large clusters only come from adversarial input; answer "is any character of [start, end) taken?" with a
  // Fenwick tree over the cluster's span, so the cost is O((span + k) log span) instead of O(k^2).
  const base = Math.min(...cluster.map((f) => f.start));
  const span = Math.max(...cluster.map((f) => f.end)) - base;
  const tree = new Int32Array(span + 1);
  const taken = (i: number): number => {
    let sum = 0;
    for (let j = i; j > 0; j -= j & -j) sum += tree[j] ?? 0;
    return sum;
  };
  const kept: Finding[] = [];
  for (const f of ranked) {
    const s = f.start - base;
    const e = f.end - base;
    if (taken(e) - taken(s) > 0) continue;
    kept.push(f);
    for (let p = s + 1; p <= e; p++) for (let j = p; j <= span; j += j & -j) tree[j] = (tree[j] ?? 0) + 1;
  }
  return kept;
}
