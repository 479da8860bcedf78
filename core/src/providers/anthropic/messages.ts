import type { Usage } from '../../domain/usage.ts';
import { appError } from '../../domain/errors.ts';
import { JsonTextScanner } from '../json-scan.ts';
import { isRecord, optionalPositiveInt, requireBody, requireModel, streamFlag } from '../request-fields.ts';
import { jsonChars, textChars } from '../request-text.ts';
import type { MeteredStream, PrepareOptions, PreparedRequest, RequestFacts } from '../types.ts';
import { nestedCount, parseObject, tokenCount } from '../usage-fields.ts';

/** Keys of a content_block_delta that carry generated text: text, extended thinking, tool input JSON. */
const GENERATED_TEXT_KEYS = ['text', 'thinking', 'partial_json'];

/** Facts about a Messages API request; Anthropic requires the client to cap its output. */
export function inspectMessages(raw: unknown): RequestFacts {
  const body = requireBody(raw);
  const model = requireModel(body);
  const stream = streamFlag(body);
  const maxOutputTokens = optionalPositiveInt(body, 'max_tokens');
  if (maxOutputTokens === undefined) {
    throw appError('INVALID_REQUEST', "the Anthropic Messages API requires 'max_tokens'");
  }
  const inputChars = textChars(body.system) + textChars(body.messages) + jsonChars(body.tools);
  return { model, stream, maxOutputTokens, inputChars };
}

/** Anthropic streams usage unasked and the client must send max_tokens, so the body normally passes unchanged. */
export function prepareMessages(body: Record<string, unknown>, opts: PrepareOptions): PreparedRequest {
  const cap = optionalPositiveInt(body, 'max_tokens');
  if (cap !== undefined) return { body, changed: false, injectedUsageOption: false, outputCap: cap };
  return {
    body: { ...body, max_tokens: opts.defaultMaxOutputTokens },
    changed: true,
    injectedUsageOption: false,
    outputCap: opts.defaultMaxOutputTokens,
  };
}

/** Usage of a non-streamed message. Anthropic's input_tokens already excludes cache reads and writes. */
export function messagesUsage(response: unknown): Usage | undefined {
  if (!isRecord(response) || !isRecord(response.usage)) return undefined;
  const usage = response.usage;
  const input = tokenCount(usage.input_tokens);
  const output = tokenCount(usage.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  return {
    inputTokens: input,
    cacheReadTokens: tokenCount(usage.cache_read_input_tokens) ?? 0,
    cacheWriteTokens: tokenCount(usage.cache_creation_input_tokens) ?? 0,
    outputTokens: output,
    reasoningTokens: Math.min(nestedCount(usage, 'output_tokens_details', 'thinking_tokens') ?? 0, output),
  };
}

/**
 * Meter for a Messages stream: `message_start` carries the input and cache counts, `message_delta` the cumulative
 * output (and, in newer API versions, the input and cache counts again: the latest reported value wins).
 * Only those two events are parsed; text deltas are counted without parsing.
 */
export function createMessagesStreamMeter(): MeteredStream {
  const scanner = new JsonTextScanner(GENERATED_TEXT_KEYS);
  let input: number | undefined;
  let cacheRead = 0;
  let cacheWrite = 0;
  let output = 0;
  let reasoning = 0;
  let finished = false;
  let chars = 0;

  const absorb = (usage: unknown): void => {
    if (!isRecord(usage)) return;
    input = tokenCount(usage.input_tokens) ?? input;
    cacheRead = tokenCount(usage.cache_read_input_tokens) ?? cacheRead;
    cacheWrite = tokenCount(usage.cache_creation_input_tokens) ?? cacheWrite;
    output = tokenCount(usage.output_tokens) ?? output;
    reasoning = nestedCount(usage, 'output_tokens_details', 'thinking_tokens') ?? reasoning;
  };
  const snapshot = (): Usage | undefined =>
    input === undefined
      ? undefined
      : { inputTokens: input, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, outputTokens: output, reasoningTokens: Math.min(reasoning, output) };

  return {
    push(event, data) {
      const type = event === undefined || event === 'message' ? sniffType(data) : event;
      if (type === 'content_block_delta') {
        chars += scanner.textLength(data);
        return;
      }
      if (type !== 'message_start' && type !== 'message_delta') return;
      const parsed = parseObject(data);
      if (!parsed) return;
      if (parsed.type === 'message_start' && isRecord(parsed.message)) {
        absorb(parsed.message.usage);
      } else if (parsed.type === 'message_delta') {
        absorb(parsed.usage);
        finished = true;
      }
    },
    usage: () => (finished ? snapshot() : undefined),
    partialUsage: snapshot,
    outputChars: () => chars,
  };
}

/** The event type from the data when the SSE `event:` line is missing. */
function sniffType(data: string): string | undefined {
  if (data.includes('"content_block_delta"')) return 'content_block_delta';
  if (data.includes('"message_delta"')) return 'message_delta';
  if (data.includes('"message_start"')) return 'message_start';
  return undefined;
}
