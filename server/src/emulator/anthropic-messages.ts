import { planCompletion, readLimit, type Completion } from './completion.ts';
import type { ApiError } from './errors.ts';
import { modelOf, type Route } from './route.ts';
import { sseFrame, type SseFrame } from './sse.ts';
import { contentChars, lastUserText, messagesChars } from './tokens.ts';

/** Anthropic's usage: `input_tokens` excludes cache reads and writes, which are reported beside it. */
export function anthropicUsage(c: Completion, outputTokens = c.outputTokens): Record<string, unknown> {
  return {
    input_tokens: c.inputTokens - c.cachedTokens - c.cacheWriteTokens,
    cache_creation_input_tokens: c.cacheWriteTokens,
    cache_read_input_tokens: c.cachedTokens,
    cache_creation: { ephemeral_5m_input_tokens: c.cacheWriteTokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

interface MessageShell {
  id: string;
  model: string;
}

function stopReason(c: Completion): string {
  return c.truncated ? 'max_tokens' : 'end_turn';
}

/**
 * The Messages event stream: message_start, content_block_start, ping, text deltas, content_block_stop,
 * message_delta (cumulative usage), message_stop. Without usage, both usage objects are left out.
 */
export function messageFrames(shell: MessageShell, c: Completion, withUsage: boolean): SseFrame[] {
  const start: Record<string, unknown> = {
    id: shell.id,
    type: 'message',
    role: 'assistant',
    model: shell.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    stop_details: null,
  };
  if (withUsage) start.usage = anthropicUsage(c, Math.min(1, c.outputTokens));
  const frames: SseFrame[] = [
    sseFrame('message_start', { type: 'message_start', message: start }, 'head'),
    sseFrame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'head'),
    sseFrame('ping', { type: 'ping' }, 'head'),
  ];
  for (const text of c.pieces) {
    const delta = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } };
    frames.push(sseFrame('content_block_delta', delta, 'content'));
  }
  frames.push(sseFrame('content_block_stop', { type: 'content_block_stop', index: 0 }, 'tail'));
  const messageDelta: Record<string, unknown> = {
    type: 'message_delta',
    delta: { stop_reason: stopReason(c), stop_sequence: null, stop_details: null },
  };
  if (withUsage) {
    messageDelta.usage = {
      input_tokens: c.inputTokens - c.cachedTokens - c.cacheWriteTokens,
      cache_creation_input_tokens: c.cacheWriteTokens,
      cache_read_input_tokens: c.cachedTokens,
      output_tokens: c.outputTokens,
    };
  }
  frames.push(sseFrame('message_delta', messageDelta, 'tail'));
  frames.push(sseFrame('message_stop', { type: 'message_stop' }, 'tail'));
  return frames;
}

function fieldRequired(field: string): ApiError {
  return { status: 400, message: `${field}: Field required` };
}

/** `POST /v1/messages`, plain and `stream: true`; `max_tokens` is required, as on the real API. */
export const anthropicMessages: Route = {
  flavour: 'anthropic',
  hasBody: true,
  validate(body) {
    if (typeof body.model !== 'string' || body.model === '') return fieldRequired('model');
    if (readLimit(body.max_tokens) === undefined) return fieldRequired('max_tokens');
    if (!Array.isArray(body.messages)) return fieldRequired('messages');
    return undefined;
  },
  directiveText: (body) => lastUserText(body.messages),
  respond(body, scenario, ctx) {
    const chars = contentChars(body.system) + messagesChars(body.messages);
    const c = planCompletion(chars, readLimit(body.max_tokens), scenario, ctx.defaultOutputTokens);
    const shell = { id: ctx.ids.next('msg_'), model: modelOf(body) };
    if (body.stream === true) return { kind: 'sse', frames: messageFrames(shell, c, !scenario.noUsage) };
    const message: Record<string, unknown> = {
      id: shell.id,
      type: 'message',
      role: 'assistant',
      model: shell.model,
      content: c.text === '' ? [] : [{ type: 'text', text: c.text }],
      stop_reason: stopReason(c),
      stop_sequence: null,
      stop_details: null,
    };
    if (!scenario.noUsage) message.usage = anthropicUsage(c);
    return { kind: 'json', body: message };
  },
};
