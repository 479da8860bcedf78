import type { Finding } from '../finding.ts';

// A fifth dotted number or an over-long prefix is left outside the match rather than rejecting the address.
const IPV4 = /(?<![\w.+])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?!\w)/g;
// Hex groups and colons, an optional embedded IPv4 tail, zone id and prefix length. Bounded: at most 39
// characters of groups, then validated by hand.
const IPV6 =
  /(?<![\w:.])(?=[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?(?:%[A-Za-z0-9_.-]{1,16})?(?:\/\d{1,3})?(?![\w:]|\.\d)/g;

/** IPv4 (octets ≤ 255, optional /prefix ≤ 32) and IPv6 (full, compressed, IPv4-embedded, zone id, /prefix ≤ 128). */
export function scanIpAddresses(text: string): Finding[] {
  const out: Finding[] = [];
  IPV4.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IPV4.exec(text)) !== null) {
    const [addr = '', prefix] = m[0].split('/');
    if (!isIpv4(addr) || (prefix !== undefined && Number(prefix) > 32)) continue;
    // "01.23.45.67.89" is a French phone number written with dots, not an address with a fifth part.
    if (/^\.\d/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2)) && /(?:^|\.)0\d/.test(addr)) continue;
    out.push(finding(m.index, m.index + m[0].length));
  }
  if (!text.includes(':')) return out;
  IPV6.lastIndex = 0;
  while ((m = IPV6.exec(text)) !== null) {
    const [addrZone = '', prefix] = m[0].split('/');
    const addr = addrZone.split('%')[0] ?? '';
    if (!isIpv6(addr) || (prefix !== undefined && Number(prefix) > 128)) continue;
    out.push(finding(m.index, m.index + m[0].length));
  }
  return out;
}

function finding(start: number, end: number): Finding {
  return { category: 'pii', type: 'IP_ADDRESS', start, end, score: 0.85 };
}

/** Dotted-quad IPv4 with every octet in 0-255. */
export function isIpv4(addr: string): boolean {
  const parts = addr.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** IPv6 text form: eight 1-4 digit hex groups, one "::" standing for one or more zero groups, IPv4 tail allowed. */
export function isIpv6(addr: string): boolean {
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = groups(halves[1] ?? '');
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] ?? '';
    if (i === all.length - 1 && g.includes('.')) {
      if (!isIpv4(g)) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}
