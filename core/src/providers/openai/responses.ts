import type { Usage } from '../../domain/usage.ts';
import { JsonTextScanner } from '../json-scan.ts';
import { isRecord, optionalPositiveInt, requireBody, requireModel, streamFlag } from '../request-fields.ts';
import { jsonChars, textChars } from '../request-text.ts';
import type { MeteredStream, PrepareOptions, PreparedRequest, RequestFacts } from '../types.ts';
import { nestedCount, parseObject, tokenCount, usageFromTotals } from '../usage-fields.ts';

/** Stream events that end a response and carry its final usage. */
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);
/** base64 audio, not text. */
const AUDIO_DELTA = 'response.audio.delta';
const QUOTED_AUDIO_DELTA = `"${AUDIO_DELTA}"`;
const QUOTED_TERMINAL_EVENTS = [...TERMINAL_EVENTS].map((type) => `"${type}"`);

/** Facts about a Responses API request. */
export function inspectResponses(raw: unknown): RequestFacts {
  const body = requireBody(raw);
  const model = requireModel(body);
  const stream = streamFlag(body);
  const format = isRecord(body.text) ? body.text.format : undefined;
  const inputChars = textChars(body.instructions) + textChars(body.input) + jsonChars(body.tools) + jsonChars(format);
  return { model, stream, maxOutputTokens: optionalPositiveInt(body, 'max_output_tokens'), inputChars };
}

/** Bounds the output; the Responses API always streams its usage, so nothing else changes. */
export function prepareResponses(body: Record<string, unknown>, opts: PrepareOptions): PreparedRequest {
  const cap = optionalPositiveInt(body, 'max_output_tokens');
  if (cap !== undefined) return { body, changed: false, injectedUsageOption: false, outputCap: cap };
  return {
    body: { ...body, max_output_tokens: opts.defaultMaxOutputTokens },
    changed: true,
    injectedUsageOption: false,
    outputCap: opts.defaultMaxOutputTokens,
  };
}

/** Usage of a non-streamed response object. */
export function responsesUsage(response: unknown): Usage | undefined {
  if (!isRecord(response)) return undefined;
  const usage = response.usage;
  if (!isRecord(usage)) return undefined;
  const input = tokenCount(usage.input_tokens);
  const output = tokenCount(usage.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  const cached = nestedCount(usage, 'input_tokens_details', 'cached_tokens') ?? 0;
  const reasoning = nestedCount(usage, 'output_tokens_details', 'reasoning_tokens') ?? 0;
  return usageFromTotals(input, cached, 0, output, reasoning);
}

/**
 * Meter for a Responses stream. Deltas are counted without parsing; only the terminal event is parsed
 * (`response.created` and `response.in_progress` carry zero or null usage and must not be taken as final).
 */
export function createResponsesStreamMeter(): MeteredStream {
  const deltas = new JsonTextScanner(['delta']);
  let usage: Usage | undefined;
  let chars = 0;
  return {
    push(event, data) {
      // SSE's default event name is 'message': then, as with no `event:` line at all, the type is in the data.
      const type = event === 'message' ? undefined : event;
      if (type !== undefined) {
        if (type.endsWith('.delta')) {
          if (type !== AUDIO_DELTA) chars += deltas.textLength(data);
          return;
        }
        if (!TERMINAL_EVENTS.has(type)) return;
      } else if (data.includes('.delta"')) {
        if (!data.includes(QUOTED_AUDIO_DELTA)) chars += deltas.textLength(data);
        return;
      } else if (!isTerminal(data)) {
        return;
      }
      const parsed = parseObject(data);
      if (!parsed || typeof parsed.type !== 'string' || !TERMINAL_EVENTS.has(parsed.type)) return;
      const reported = responsesUsage(parsed.response);
      if (reported) usage = reported;
    },
    usage: () => usage,
    partialUsage: () => usage,
    outputChars: () => chars,
  };
}

function isTerminal(data: string): boolean {
  return QUOTED_TERMINAL_EVENTS.some((quoted) => data.includes(quoted));
}
