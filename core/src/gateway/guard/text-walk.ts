/**
 * Walks the strings of a request or response that a model reads or writes, and lets the caller replace them in
 * place. Bookkeeping (ids, roles, types), binary payloads (base64, data: URLs) and tool schemas are skipped:
 * they are not prose a secret or an instruction hides in, and scanning them would cost time for nothing.
 */
const SKIPPED_KEYS = new Set([
  'type', 'role', 'id', 'tool_call_id', 'tool_use_id', 'call_id', 'status', 'cache_control', 'model', 'object',
  'image_url', 'input_audio', 'audio', 'file_data', 'file_id', 'url', 'media_type', 'detail', 'format',
  'signature', 'encrypted_content', 'finish_reason', 'stop_reason', 'usage', 'logprobs', 'index', 'name',
  'created', 'created_at', 'system_fingerprint', 'service_tier', 'item_id', 'response_id', 'sequence_number',
]);

/** Returns a replacement for `text`, or undefined to keep it. */
export type TextVisitor = (text: string) => string | undefined;

/** Visits every readable string under `value`; returns whether anything was replaced. */
export function walkTexts(value: unknown, visit: TextVisitor): boolean {
  if (Array.isArray(value)) {
    let changed = false;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'string') {
        const next = visitString(item, visit);
        if (next !== undefined) {
          value[i] = next;
          changed = true;
        }
      } else if (walkTexts(item, visit)) {
        changed = true;
      }
    }
    return changed;
  }
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record.type === 'base64') return false;
  let changed = false;
  for (const key in record) {
    if (SKIPPED_KEYS.has(key)) continue;
    const child = record[key];
    if (typeof child === 'string') {
      const next = visitString(child, visit);
      if (next !== undefined) {
        record[key] = next;
        changed = true;
      }
    } else if (walkTexts(child, visit)) {
      changed = true;
    }
  }
  return changed;
}

function visitString(text: string, visit: TextVisitor): string | undefined {
  if (text.length === 0 || text.startsWith('data:')) return undefined;
  return visit(text);
}

/** The parts of each request body a model reads, by endpoint kind. */
export const REQUEST_TEXT_FIELDS = {
  chat: ['messages'],
  responses: ['instructions', 'input'],
  embeddings: ['input'],
  messages: ['system', 'messages'],
} as const;

/** The parts of each (non-streamed) response body a model wrote. */
export const RESPONSE_TEXT_FIELDS = {
  chat: ['choices'],
  responses: ['output'],
  embeddings: [],
  messages: ['content'],
} as const;

/** Walks the named top-level fields of a body (a string field is visited directly). */
export function walkFields(body: Record<string, unknown>, fields: readonly string[], visit: TextVisitor): boolean {
  let changed = false;
  for (const field of fields) {
    const v = body[field];
    if (typeof v === 'string') {
      const next = visitString(v, visit);
      if (next !== undefined) {
        body[field] = next;
        changed = true;
      }
    } else if (walkTexts(v, visit)) {
      changed = true;
    }
  }
  return changed;
}
