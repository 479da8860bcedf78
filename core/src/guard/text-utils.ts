/** Shannon entropy of a string in bits per character; random base64 is near 6, English words near 3. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  // Secrets are ASCII: count in a flat array (fast), and fold anything else into a map.
  const ascii = new Uint32Array(128);
  let other: Map<number, number> | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) ascii[c] = (ascii[c] ?? 0) + 1;
    else (other ??= new Map()).set(c, (other.get(c) ?? 0) + 1);
  }
  let bits = 0;
  const add = (n: number): void => {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  };
  for (const n of ascii) if (n > 0) add(n);
  if (other) for (const n of other.values()) add(n);
  return bits;
}

/** Length of the longest run of the same character. */
export function longestRepeat(value: string): number {
  let best = value.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Length of the longest run of consecutive ascending or descending characters ("12345", "abcdef", "987"). */
export function longestSequence(value: string): number {
  let best = value.length > 0 ? 1 : 0;
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return best;
}

const PLACEHOLDER_WORDS =
  /example|sample|dummy|placeholder|your[_-]?|changeme|change[_-]me|redacted|insert|replace|xxxx|\*\*\*|####|\.\.\./i;

/**
 * Whether a candidate secret looks like documentation rather than a credential: masked (`xxxx`, `****`),
 * a run of one character, an alphabet or digit sequence, or a word such as "example" or "your_".
 * Used by the loose (keyword-based) rules; rules with a precise provider format only use the character tests.
 */
export function looksLikePlaceholder(value: string, options: { words?: boolean } = {}): boolean {
  if (longestRepeat(value) >= 6) return true;
  if (longestSequence(value) >= 6) return true;
  if (options.words !== false && PLACEHOLDER_WORDS.test(value)) return true;
  return false;
}


const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * Regex source matching any of the literals, compiled as a trie (`a(?:b|c)` rather than `ab|ac`). V8 tries a
 * flat alternation's branches one by one at every position; the trie decides on the first character, which
 * makes a pass with dozens of literals several times faster. Longer literals win over their prefixes.
 */
export function literalTrie(literals: readonly string[]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const lit of literals) {
    let node = root;
    for (const ch of lit) {
      let child = node.next.get(ch);
      if (!child) {
        child = { end: false, next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Node): string => {
    const branches = [...node.next].map(([ch, child]) => escapeRegex(ch) + emit(child));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? (branches[0] ?? '') : `(?:${branches.join('|')})`;
    // An end here means the literal may stop: the longer continuation is tried first (greedy `?`).
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}
