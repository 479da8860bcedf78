import { planCompletion, readLimit, type Completion } from './completion.ts';
import { missingModel, modelOf, type Route } from './route.ts';
import { sseFrame, type SseFrame } from './sse.ts';
import { isRecord, lastUserText, messagesChars } from './tokens.ts';

/** OpenAI's chat usage object, details included, as the real API sends it. */
export function chatUsage(c: Completion): Record<string, unknown> {
  return {
    prompt_tokens: c.inputTokens,
    completion_tokens: c.outputTokens,
    total_tokens: c.inputTokens + c.outputTokens,
    prompt_tokens_details: { cached_tokens: c.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: c.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

interface ChunkHead {
  id: string;
  created: number;
  model: string;
  /** In `include_usage` mode every chunk carries `usage` (null until the last). */
  withUsage: boolean;
}

function chunk(head: ChunkHead, choices: unknown[], usage: unknown = null): string {
  const body: Record<string, unknown> = {
    id: head.id,
    object: 'chat.completion.chunk',
    created: head.created,
    model: head.model,
    service_tier: 'default',
    system_fingerprint: null,
    choices,
  };
  if (head.withUsage) body.usage = usage;
  return JSON.stringify(body);
}

/** The `chat.completion.chunk` stream: role chunk, one chunk per piece, finish chunk, [usage chunk], [DONE]. */
export function chatFrames(head: ChunkHead, c: Completion): SseFrame[] {
  const frames: SseFrame[] = [
    sseFrame(undefined, chunk(head, [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null }]), 'head'),
  ];
  for (const piece of c.pieces) {
    frames.push(sseFrame(undefined, chunk(head, [{ index: 0, delta: { content: piece }, finish_reason: null }]), 'content'));
  }
  const finishReason = c.truncated ? 'length' : 'stop';
  frames.push(sseFrame(undefined, chunk(head, [{ index: 0, delta: {}, finish_reason: finishReason }]), 'tail'));
  if (head.withUsage) frames.push(sseFrame(undefined, chunk(head, [], chatUsage(c)), 'tail'));
  frames.push(sseFrame(undefined, '[DONE]', 'tail'));
  return frames;
}

/** `POST /v1/chat/completions`, plain and `stream: true`. */
export const openaiChat: Route = {
  flavour: 'openai',
  hasBody: true,
  validate(body) {
    const noModel = missingModel(body);
    if (noModel) return noModel;
    if (!Array.isArray(body.messages)) {
      return {
        status: 400,
        message: "Missing required parameter: 'messages'.",
        param: 'messages',
        code: 'missing_required_parameter',
      };
    }
    if (body.messages.length === 0) {
      return {
        status: 400,
        message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        param: 'messages',
        code: 'empty_array',
      };
    }
    return undefined;
  },
  directiveText: (body) => lastUserText(body.messages),
  respond(body, scenario, ctx) {
    const limit = readLimit(body.max_completion_tokens) ?? readLimit(body.max_tokens);
    const c = planCompletion(messagesChars(body.messages), limit, scenario, ctx.defaultOutputTokens);
    const id = ctx.ids.next('chatcmpl-');
    const model = modelOf(body);
    if (body.stream === true) {
      const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
      const head = { id, created: ctx.now, model, withUsage: includeUsage && !scenario.noUsage };
      return { kind: 'sse', frames: chatFrames(head, c) };
    }
    const completion: Record<string, unknown> = {
      id,
      object: 'chat.completion',
      created: ctx.now,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: c.text, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: c.truncated ? 'length' : 'stop',
        },
      ],
      service_tier: 'default',
      system_fingerprint: null,
    };
    if (!scenario.noUsage) completion.usage = chatUsage(c);
    return { kind: 'json', body: completion };
  },
};
