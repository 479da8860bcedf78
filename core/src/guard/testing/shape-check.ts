/**
 * Checks that a detector family's stream profile covers a finding: some shape of the family explains it (its
 * characters, first character, left boundary, length, anchor and closer), and the finding is already reported
 * on the text cut right after its lookahead. What a streaming redactor relies on, checked against real findings.
 */
import type { Detector, Finding } from '../finding.ts';
import type { MatchShape, StreamProfile } from '../stream-shape.ts';

/** Why no shape of `profile` explains `f` in `text` (one reason per shape), or [] when one does. */
export function unexplained(text: string, f: Finding, profile: StreamProfile, detect: Detector): string[] {
  const reasons: string[] = [];
  for (const shape of profile.shapes) {
    const why = shapeMisfit(text, f, shape);
    if (why === undefined) {
      // Decided once every run that could still change it has ended: a finding may lose an overlap to another
      // shape's candidate (a phone to an IPv6 address), so runs of any shape of the family count.
      let runEnd = f.end;
      while (runEnd < text.length && profile.shapes.some((x) => x.chars.test(text[runEnd] ?? ''))) runEnd++;
      const cut = text.slice(0, runEnd + Math.max(...profile.shapes.map((x) => x.lookahead)));
      const again = detect(cut).some((g) => g.start === f.start && g.end === f.end && g.type === f.type);
      if (again) return [];
      reasons.push('not reported on the text cut after its run and lookahead');
    } else reasons.push(why);
  }
  return reasons;
}

function shapeMisfit(text: string, f: Finding, shape: MatchShape): string | undefined {
  const value = text.slice(f.start, f.end);
  if (value.length > shape.maxLength) return `longer than ${shape.maxLength}`;
  for (const ch of value) if (!shape.chars.test(ch)) return `character ${JSON.stringify(ch)} outside ${shape.chars}`;
  if (shape.starts && !shape.starts.test(value[0] ?? '')) return `starts outside ${shape.starts}`;
  if (shape.notAfter && f.start > 0 && shape.notAfter.test(text[f.start - 1] ?? '')) return `follows ${JSON.stringify(text[f.start - 1])}`;
  if (shape.anchors) {
    const { literals, before, after, ignoreCase, between } = shape.anchors;
    const lo = Math.max(0, f.start - before);
    const zone = text.slice(lo, f.start + after + Math.max(...literals.map((l) => l.length)));
    const hay = ignoreCase ? zone.toLowerCase() : zone;
    const near = literals.some((l) => {
      const lit = ignoreCase ? l.toLowerCase() : l;
      for (let i = hay.indexOf(lit); i !== -1; i = hay.indexOf(lit, i + 1)) {
        if (lo + i <= f.start + after && (!between || between.test(text.slice(lo + i, f.start)))) return true;
      }
      return false;
    });
    if (!near) return 'no anchor near its start';
  }
  if (shape.closers) {
    const { literals, reach } = shape.closers;
    const first = Math.min(...literals.map((l) => text.indexOf(l, f.start)).filter((i) => i !== -1));
    if (Number.isFinite(first) && f.end > first + reach) return 'runs past its closer';
  }
  return undefined;
}
