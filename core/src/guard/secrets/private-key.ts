import type { Finding } from '../finding.ts';
import { longestRepeat } from '../text-utils.ts';

const BEGIN = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
// A key body longer than this is not a key we need to see whole; the block is still redacted up to here.
const MAX_BODY = 64 * 1024;

/**
 * PEM / OpenSSH / PGP private-key blocks. Finds each BEGIN marker, then the next END marker by `indexOf`
 * (linear), and keeps the block only when its body looks like key material: enough base64 characters and not a
 * run of one character.
 */
export function scanPrivateKeys(text: string): Finding[] {
  const out: Finding[] = [];
  BEGIN.lastIndex = 0;
  let endMarker = 0;
  let m: RegExpExecArray | null;
  while ((m = BEGIN.exec(text)) !== null) {
    const bodyStart = m.index + m[0].length;
    // Reuse the last END position while it is still ahead: a text full of BEGINs and no END stays linear.
    if (endMarker !== -1 && endMarker < bodyStart) endMarker = text.indexOf('-----END', bodyStart);
    const limit = bodyStart + MAX_BODY;
    if (endMarker === -1 || endMarker > limit) {
      // An unterminated block (e.g. cut off by a stream chunk) is still key material if its body is.
      const nextBegin = text.indexOf('-----BEGIN', bodyStart);
      const stop = Math.min(text.length, limit, nextBegin === -1 ? Infinity : nextBegin);
      if (isKeyBody(text.slice(bodyStart, stop))) out.push(finding(m.index, stop));
      BEGIN.lastIndex = stop;
      continue;
    }
    const close = text.indexOf('-----', endMarker + 8);
    const end = close === -1 || close - endMarker > 60 ? endMarker + 8 : close + 5;
    if (isKeyBody(text.slice(bodyStart, endMarker))) out.push(finding(m.index, end));
    BEGIN.lastIndex = end;
  }
  return out;
}

function isKeyBody(body: string): boolean {
  const material = body.replace(/^[A-Za-z-]{1,40}: .{0,200}$/gm, '').replace(/[^A-Za-z0-9+/=]/g, '');
  return material.length >= 32 && longestRepeat(material) < 12;
}

function finding(start: number, end: number): Finding {
  return { category: 'secret', type: 'PRIVATE_KEY', start, end, score: 0.99 };
}
