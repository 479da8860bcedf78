/**
 * Hashed text features shared by the offline trainer and the run-time classifier, so both see exactly the
 * same vector: word unigrams and bigrams (each CJK character a word) plus character 4-grams inside space-padded
 * words, hashed (FNV-1a)
 * into 2^bits buckets, weighted by sublinear term frequency (1 + ln tf) and L2-normalised. The normalisation is
 * what keeps the model from learning "long text = jailbreak" from a training set whose jailbreaks are long.
 *
 * One pass over the characters, no substrings: this runs on every request.
 */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

export interface FeatureOptions {
  bits: number;
  /** Character 4-grams (robust to misspelling and obfuscation, but ~3x the features of words alone). */
  charGrams: boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;
const SEED_WORD = 0x1b873593;
const SEED_BIGRAM = 0x85ebca6b;
const SEED_GRAM = 0xc2b2ae35;
const SPACE = 32;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

// Classification of non-ASCII UTF-16 units, filled lazily: 0 unknown, 1 word, 2 not (a regex per char is slow).
const unicodeClass = new Uint8Array(65536);

function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;
  let k = unicodeClass[c] ?? 0;
  if (k === 0) {
    k = LETTER_OR_NUMBER.test(String.fromCharCode(c)) ? 1 : 2;
    unicodeClass[c] = k;
  }
  return k === 1;
}

function mix(h: number, seed: number): number {
  let x = (h ^ seed) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function gram4(a: number, b: number, c: number, d: number): number {
  let h = FNV_OFFSET;
  h = Math.imul(h ^ a, FNV_PRIME);
  h = Math.imul(h ^ b, FNV_PRIME);
  h = Math.imul(h ^ c, FNV_PRIME);
  h = Math.imul(h ^ d, FNV_PRIME);
  return h >>> 0;
}

// Lower-case of each UTF-16 unit, filled lazily (0 = not yet known): lowering one character at a time avoids
// copying the text, or a window of a long text, with toLowerCase.
const lowerOf = new Uint16Array(65536);

function lowerChar(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  let l = lowerOf[c] ?? 0;
  if (l === 0) {
    const lowered = String.fromCharCode(c).toLowerCase();
    l = lowered.length === 1 ? lowered.charCodeAt(0) : c;
    lowerOf[c] = l;
  }
  return l;
}

/** Extracts the L2-normalised hashed feature vector of a text, or of text[start, end). */
export function extractFeatures(text: string, options: FeatureOptions, start = 0, end = text.length): SparseVector {
  const acc = accumulator(options.bits);
  const grams = options.charGrams;
  let prevWord = 0;
  let h = FNV_OFFSET;
  let len = 0;
  // The last three characters of the current space-padded word, for 4-grams.
  let c1 = SPACE, c2 = SPACE, c3 = SPACE;
  for (let i = start; i <= end; i++) {
    const c = i < end ? lowerChar(text.charCodeAt(i)) : SPACE;
    // ASCII fast path inline; the function call is for the rare non-ASCII character.
    const wordChar = c < 128 ? (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 : isWordChar(c);
    // Chinese and Japanese are written without spaces: each ideograph or kana is a word of its own, so the word
    // unigrams and bigrams become character unigrams and bigrams there.
    const single = c >= 0x3040 && (c <= 0x30ff || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff));
    if (wordChar && !single) {
      h = Math.imul(h ^ c, FNV_PRIME);
      len++;
      if (grams && len >= 3) acc.add(mix(gram4(c1, c2, c3, c), SEED_GRAM));
      c1 = c2;
      c2 = c3;
      c3 = c;
    } else if (len > 0) {
      const word = mix(h, SEED_WORD);
      acc.add(word);
      acc.add(mix(prevWord ^ Math.imul(word, 31), SEED_BIGRAM));
      if (grams) acc.add(mix(gram4(c1, c2, c3, SPACE), SEED_GRAM));
      prevWord = word;
      h = FNV_OFFSET;
      len = 0;
      c1 = c2 = c3 = SPACE;
    }
    if (single) {
      const word = mix(Math.imul(FNV_OFFSET ^ c, FNV_PRIME), SEED_WORD);
      acc.add(word);
      acc.add(mix(prevWord ^ Math.imul(word, 31), SEED_BIGRAM));
      prevWord = word;
    }
  }
  return acc.take();
}

/** Counts hashed features into a reusable dense array, remembering which buckets were touched. */
class Accumulator {
  private readonly counts: Float32Array;
  private touched = new Uint32Array(1024);
  private n = 0;
  constructor(private readonly mask: number) {
    this.counts = new Float32Array(mask + 1);
  }

  add(hash: number): void {
    const i = hash & this.mask;
    const v = this.counts[i] ?? 0;
    if (v === 0) {
      if (this.n === this.touched.length) {
        const grown = new Uint32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.n++] = i;
    }
    this.counts[i] = v + 1;
  }

  /** Returns the sublinear-tf, L2-normalised vector and resets the counters for the next text. */
  take(): SparseVector {
    const indices = new Uint32Array(this.n);
    const values = new Float32Array(this.n);
    let norm = 0;
    for (let k = 0; k < this.n; k++) {
      const i = this.touched[k] ?? 0;
      const v = 1 + Math.log(this.counts[i] ?? 1);
      this.counts[i] = 0;
      indices[k] = i;
      values[k] = v;
      norm += v * v;
    }
    this.n = 0;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < values.length; k++) values[k] = (values[k] ?? 0) * inv;
    return { indices, values };
  }
}

// One accumulator per hash width, reused across calls: allocation-free in the hot path (single-threaded JS).
const accumulators = new Map<number, Accumulator>();

function accumulator(bits: number): Accumulator {
  let a = accumulators.get(bits);
  if (!a) {
    a = new Accumulator((1 << bits) - 1);
    accumulators.set(bits, a);
  }
  return a;
}
