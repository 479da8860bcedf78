import type { Usage } from '../../domain/usage.ts';
import { JsonTextScanner } from '../json-scan.ts';
import { isRecord, optionalPositiveInt, requireBody, requireModel, streamFlag } from '../request-fields.ts';
import { jsonChars, textChars } from '../request-text.ts';
import type { MeteredStream, PrepareOptions, PreparedRequest, RequestFacts } from '../types.ts';
import { nestedCount, parseObject, tokenCount, usageFromTotals } from '../usage-fields.ts';

/** Keys of a chat delta that carry generated text (DeepSeek and OpenRouter stream reasoning as text too). */
const GENERATED_TEXT_KEYS = ['content', 'reasoning_content', 'reasoning', 'refusal', 'arguments'];
const EMPTY_CHOICES = /"choices"\s*:\s*\[\s*\]/;
const USAGE_OBJECT = /"usage"\s*:\s*\{/;

/** Facts about a Chat Completions request. */
export function inspectChat(raw: unknown): RequestFacts {
  const body = requireBody(raw);
  const model = requireModel(body);
  const stream = streamFlag(body);
  choiceCount(body);
  const inputChars =
    textChars(body.messages) + jsonChars(body.tools) + jsonChars(body.functions) + jsonChars(responseSchema(body.response_format));
  return { model, stream, maxOutputTokens: clientCap(body), inputChars };
}

/** Asks for streamed usage and bounds the output, changing only what must change. */
export function prepareChat(body: Record<string, unknown>, opts: PrepareOptions): PreparedRequest {
  let next: Record<string, unknown> | undefined;
  let injectedUsageOption = false;
  if (streamFlag(body)) {
    const options = body.stream_options;
    if (!(isRecord(options) && options.include_usage === true)) {
      next = { ...body, stream_options: { ...(isRecord(options) ? options : {}), include_usage: true } };
      injectedUsageOption = true;
    }
  }
  let cap = clientCap(body);
  if (cap === undefined) {
    cap = opts.defaultMaxOutputTokens;
    // OpenAI's reasoning models refuse max_tokens; most compatible servers only know max_tokens.
    const key = opts.providerType === 'openai' ? 'max_completion_tokens' : 'max_tokens';
    next = { ...(next ?? body), [key]: cap };
  }
  return { body: next ?? body, changed: next !== undefined, injectedUsageOption, outputCap: cap * choiceCount(body) };
}

/** Usage of a non-streamed chat completion. */
export function chatUsage(response: unknown): Usage | undefined {
  return isRecord(response) ? usageFromChatUsage(response.usage) : undefined;
}

/** Normalises an OpenAI `usage` object (chat completions, and OpenAI-compatible providers' variants). */
export function usageFromChatUsage(usage: unknown): Usage | undefined {
  if (!isRecord(usage)) return undefined;
  const prompt = tokenCount(usage.prompt_tokens);
  const completion = tokenCount(usage.completion_tokens);
  if (prompt === undefined || completion === undefined) return undefined;
  const cached = nestedCount(usage, 'prompt_tokens_details', 'cached_tokens') ?? tokenCount(usage.prompt_cache_hit_tokens) ?? 0;
  const cacheWrite = nestedCount(usage, 'prompt_tokens_details', 'cache_write_tokens') ?? 0;
  const reasoning = nestedCount(usage, 'completion_tokens_details', 'reasoning_tokens') ?? 0;
  return usageFromTotals(prompt, cached, cacheWrite, completion, reasoning);
}

/** True for the final `"choices":[]` chunk that only carries usage, which the client did not ask for. */
export function isUsageOnlyChatChunk(data: string): boolean {
  if (!EMPTY_CHOICES.test(data) || !USAGE_OBJECT.test(data)) return false;
  const chunk = parseObject(data);
  return chunk !== undefined && Array.isArray(chunk.choices) && chunk.choices.length === 0 && isRecord(chunk.usage);
}

/** Meter for a chat completion stream: counts generated text cheaply and parses only chunks that carry usage. */
export function createChatStreamMeter(): MeteredStream {
  const scanner = new JsonTextScanner(GENERATED_TEXT_KEYS, 'usage');
  let usage: Usage | undefined;
  let chars = 0;
  return {
    push(_event, data) {
      if (data === '[DONE]') return;
      chars += scanner.textLength(data);
      // Only the chunk whose usage is an object (not null) is worth parsing; usually the last one.
      if (!scanner.sawObject()) return;
      const chunk = parseObject(data);
      if (!chunk) return;
      // Usage is cumulative: the latest report wins. Groq has reported it under x_groq.
      const reported = usageFromChatUsage(chunk.usage) ?? (isRecord(chunk.x_groq) ? usageFromChatUsage(chunk.x_groq.usage) : undefined);
      if (reported) usage = reported;
    },
    usage: () => usage,
    partialUsage: () => usage,
    outputChars: () => chars,
  };
}

/** The client's cap; when both the old and new names are given, the larger bounds what the upstream may honour. */
function clientCap(body: Record<string, unknown>): number | undefined {
  const completion = optionalPositiveInt(body, 'max_completion_tokens');
  const legacy = optionalPositiveInt(body, 'max_tokens');
  if (completion === undefined) return legacy;
  return legacy === undefined ? completion : Math.max(completion, legacy);
}

/** `n` choices each produce up to the cap. */
function choiceCount(body: Record<string, unknown>): number {
  return optionalPositiveInt(body, 'n') ?? 1;
}

function responseSchema(format: unknown): unknown {
  return isRecord(format) && format.type === 'json_schema' ? format.json_schema : undefined;
}
