/**
 * Deepest nesting a request may have. Real requests (messages, tools with JSON schemas) stay far below it;
 * far deeper ones only exist to overflow the stack of whatever walks them after admission.
 */
export const MAX_JSON_DEPTH = 128;

/** The nesting depth of JSON text, in one pass without parsing (brackets inside strings are skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return max;
}
