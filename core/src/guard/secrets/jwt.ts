import type { Finding } from '../finding.ts';

// Header and payload are base64url JSON objects, so both start "eyJ" ('{"'). Segments are bounded.
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{0,2000}(?![A-Za-z0-9_-])/g;

/** JSON Web Tokens: three base64url segments whose header decodes to a JSON object with an `alg`. */
export function scanJwts(text: string): Finding[] {
  const out: Finding[] = [];
  JWT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = JWT.exec(text)) !== null) {
    const header = m[0].slice(0, m[0].indexOf('.'));
    if (hasAlg(header)) out.push({ category: 'secret', type: 'JWT', start: m.index, end: m.index + m[0].length, score: 0.95 });
  }
  return out;
}

function hasAlg(segment: string): boolean {
  try {
    const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    return /"alg"\s*:/.test(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
  } catch {
    return false;
  }
}
