/**
 * Counts the characters of text a model will read in a request, to estimate its input tokens before the call.
 * Binary payloads (images, audio, files as base64 or data URLs) and wire bookkeeping (ids, roles, types) are not
 * text the model reads as tokens and are skipped, or one attached image would look like a million-token prompt.
 */

const SKIPPED_KEYS = new Set([
  'type', 'role', 'id', 'tool_call_id', 'tool_use_id', 'call_id', 'status', 'cache_control',
  'image_url', 'input_audio', 'audio', 'file_data', 'file_id', 'url', 'media_type', 'detail', 'format',
  'signature', 'encrypted_content',
]);

/** Token-id inputs (embeddings accept arrays of token ids) count as this many characters per token. */
export const CHARS_PER_TOKEN_ID = 4;

/** Characters of readable text in a message list, an input item list, a system prompt or a plain string. */
export function textChars(value: unknown): number {
  if (typeof value === 'string') return value.startsWith('data:') ? 0 : value.length;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += textChars(item);
    return total;
  }
  if (typeof value !== 'object' || value === null) return 0;
  const record = value as Record<string, unknown>;
  // Anthropic's base64 image/document sources: { type: 'base64', media_type, data }.
  if (record.type === 'base64') return 0;
  let total = 0;
  for (const key in record) {
    if (SKIPPED_KEYS.has(key)) continue;
    const child = record[key];
    // A tool call's parsed arguments (Anthropic tool_use.input) reach the model as JSON text.
    total += key === 'input' && typeof child === 'object' && child !== null && !Array.isArray(child) ? jsonChars(child) : textChars(child);
  }
  return total;
}

/** Characters of a JSON-shaped value as the model sees it: tool definitions, response schemas. */
export function jsonChars(value: unknown): number {
  if (value === undefined || value === null) return 0;
  return JSON.stringify(value)?.length ?? 0;
}

/** Characters of an embeddings `input`: a string, strings, or token-id arrays. */
export function embeddingInputChars(input: unknown): number {
  if (typeof input === 'string') return input.length;
  if (typeof input === 'number') return CHARS_PER_TOKEN_ID;
  if (!Array.isArray(input)) return 0;
  let total = 0;
  for (const item of input) total += embeddingInputChars(item);
  return total;
}
