import type { Finding } from './finding.ts';
import { resolveOverlaps } from './finding.ts';

/** The text that replaces a redacted span: `[REDACTED:<TYPE>]`. */
export function redactionMarker(type: string): string {
  return `[REDACTED:${type}]`;
}

/**
 * Replaces every finding's span with `[REDACTED:<TYPE>]`. Overlapping findings are resolved first (the
 * strongest wins), so no character is replaced twice and the markers never nest.
 */
export function redact(text: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return text;
  const parts: string[] = [];
  let cursor = 0;
  for (const f of resolveOverlaps([...findings])) {
    const start = Math.max(f.start, cursor);
    const end = Math.min(f.end, text.length);
    if (end <= start) continue;
    parts.push(text.slice(cursor, start), redactionMarker(f.type));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}
