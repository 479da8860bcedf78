/**
 * Cheap reads of raw JSON text for the stream hot path, where parsing every delta would allocate a whole object
 * tree per chunk. One pass over the characters, no allocation. It relies on one property of JSON: a quote inside
 * a string is always escaped, so walking from string to string keeps us in step with the structure.
 */

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const COLON = 58; // :
const BRACE = 123; // {
const LOWER_U = 117; // u

/** Measures, in one pass, the generated text under some keys and whether another key holds an object. */
export class JsonTextScanner {
  private readonly textKeys: readonly string[];
  private readonly objectKey: string | undefined;
  private objectSeen = false;

  /**
   * @param textKeys keys whose string values are counted, wherever they appear (e.g. 'content', 'arguments')
   * @param objectKey a key to watch for an object value (e.g. 'usage', which is null until the final chunk)
   */
  constructor(textKeys: readonly string[], objectKey?: string) {
    this.textKeys = textKeys;
    this.objectKey = objectKey;
  }

  /** Total decoded length (in UTF-16 code units, like `String.length`) of the string values of the text keys. */
  textLength(json: string): number {
    this.objectSeen = false;
    let total = 0;
    // Jump from quote to quote with the native indexOf; only matched values are walked character by character.
    let i = json.indexOf('"');
    while (i !== -1) {
      const start = i + 1;
      const end = stringEnd(json, start);
      const afterKey = skipSpaces(json, end + 1);
      if (json.charCodeAt(afterKey) !== COLON) {
        i = json.indexOf('"', end + 1); // a string value or array element
        continue;
      }
      const value = skipSpaces(json, afterKey + 1);
      const first = json.charCodeAt(value);
      if (first === QUOTE) {
        const valueEnd = stringEnd(json, value + 1);
        if (isOneOf(json, start, end, this.textKeys)) total += decodedLength(json, value + 1, valueEnd);
        i = json.indexOf('"', valueEnd + 1);
      } else {
        if (first === BRACE && this.objectKey !== undefined && isKey(json, start, end, this.objectKey)) this.objectSeen = true;
        i = json.indexOf('"', value);
      }
    }
    return total;
  }

  /** Whether the object key held an object in the text last measured. */
  sawObject(): boolean {
    return this.objectSeen;
  }
}

function isOneOf(json: string, start: number, end: number, keys: readonly string[]): boolean {
  for (const key of keys) if (isKey(json, start, end, key)) return true;
  return false;
}

function isKey(json: string, start: number, end: number, key: string): boolean {
  return end - start === key.length && json.startsWith(key, start);
}

function skipSpaces(s: string, i: number): number {
  let j = i;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return j;
    j++;
  }
}

/** Index of the closing quote of a string whose content starts at `start` (the text's end if unterminated). */
function stringEnd(s: string, start: number): number {
  let quote = s.indexOf('"', start);
  while (quote !== -1) {
    // A quote preceded by an odd run of backslashes is escaped.
    let before = quote - 1;
    while (before >= start && s.charCodeAt(before) === BACKSLASH) before--;
    if ((quote - 1 - before) % 2 === 0) return quote;
    quote = s.indexOf('"', quote + 1);
  }
  return s.length;
}

/** Decoded length of the string content between `start` and `end`. */
function decodedLength(s: string, start: number, end: number): number {
  let length = 0;
  let i = start;
  while (i < end) {
    // \uXXXX is one code unit (a surrogate pair is written as two escapes); any other escape is one character.
    i += s.charCodeAt(i) === BACKSLASH ? (s.charCodeAt(i + 1) === LOWER_U ? 6 : 2) : 1;
    length++;
  }
  return length;
}
