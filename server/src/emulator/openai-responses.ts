import { planCompletion, readLimit, type Completion } from './completion.ts';
import { missingModel, modelOf, type RespondContext, type Route } from './route.ts';
import { sseFrame, type FrameKind, type SseFrame } from './sse.ts';
import { lastUserText, messagesChars } from './tokens.ts';

/** The Responses API usage object. */
export function responsesUsage(c: Completion): Record<string, unknown> {
  return {
    input_tokens: c.inputTokens,
    input_tokens_details: { cached_tokens: c.cachedTokens },
    output_tokens: c.outputTokens,
    output_tokens_details: { reasoning_tokens: c.reasoningTokens },
    total_tokens: c.inputTokens + c.outputTokens,
  };
}

interface ResponseShell {
  id: string;
  messageId: string;
  reasoningId: string;
  created: number;
  model: string;
  instructions: unknown;
  maxOutputTokens: number | null;
}

type Status = 'in_progress' | 'completed' | 'incomplete';

function responseObject(shell: ResponseShell, status: Status, output: unknown[], usage: unknown): Record<string, unknown> {
  return {
    id: shell.id,
    object: 'response',
    created_at: shell.created,
    status,
    completed_at: status === 'in_progress' ? null : shell.created,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: shell.instructions,
    max_output_tokens: shell.maxOutputTokens,
    model: shell.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  };
}

function textPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

function messageItem(shell: ResponseShell, status: Status, content: unknown[]): Record<string, unknown> {
  return { id: shell.messageId, type: 'message', status, role: 'assistant', content };
}

function reasoningItem(shell: ResponseShell): Record<string, unknown> {
  return { id: shell.reasoningId, type: 'reasoning', summary: [] };
}

/** The output items of a finished response: a reasoning item when reasoning tokens were spent, then the message. */
function finalOutput(shell: ResponseShell, c: Completion): unknown[] {
  const message = messageItem(shell, c.truncated ? 'incomplete' : 'completed', [textPart(c.text)]);
  return c.reasoningTokens > 0 ? [reasoningItem(shell), message] : [message];
}

/** The Responses event stream, from `response.created` to `response.completed` (or `.incomplete` when cut by the limit). */
export function responsesFrames(shell: ResponseShell, c: Completion, withUsage: boolean): SseFrame[] {
  const frames: SseFrame[] = [];
  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>, kind: FrameKind): void => {
    frames.push(sseFrame(type, { type, ...fields, sequence_number: sequence++ }, kind));
  };
  const pending = responseObject(shell, 'in_progress', [], null);
  emit('response.created', { response: pending }, 'head');
  emit('response.in_progress', { response: pending }, 'head');
  const messageIndex = c.reasoningTokens > 0 ? 1 : 0;
  if (messageIndex === 1) {
    emit('response.output_item.added', { output_index: 0, item: reasoningItem(shell) }, 'head');
    emit('response.output_item.done', { output_index: 0, item: reasoningItem(shell) }, 'head');
  }
  const at = { item_id: shell.messageId, output_index: messageIndex, content_index: 0 };
  emit('response.output_item.added', { output_index: messageIndex, item: messageItem(shell, 'in_progress', []) }, 'head');
  emit('response.content_part.added', { ...at, part: textPart('') }, 'head');
  for (const piece of c.pieces) emit('response.output_text.delta', { ...at, delta: piece, logprobs: [] }, 'content');
  emit('response.output_text.done', { ...at, text: c.text, logprobs: [] }, 'tail');
  emit('response.content_part.done', { ...at, part: textPart(c.text) }, 'tail');
  const output = finalOutput(shell, c);
  emit('response.output_item.done', { output_index: messageIndex, item: output[messageIndex] }, 'tail');
  const status = c.truncated ? 'incomplete' : 'completed';
  const final = responseObject(shell, status, output, withUsage ? responsesUsage(c) : null);
  emit(`response.${status}`, { response: final }, 'tail');
  return frames;
}

function inputChars(body: Record<string, unknown>): number {
  const instructions = typeof body.instructions === 'string' ? body.instructions.length : 0;
  return instructions + (typeof body.input === 'string' ? body.input.length : messagesChars(body.input));
}

function shellOf(body: Record<string, unknown>, ctx: RespondContext): ResponseShell {
  return {
    id: ctx.ids.next('resp_'),
    messageId: ctx.ids.next('msg_'),
    reasoningId: ctx.ids.next('rs_'),
    created: ctx.now,
    model: modelOf(body),
    instructions: body.instructions ?? null,
    maxOutputTokens: readLimit(body.max_output_tokens) ?? null,
  };
}

/** `POST /v1/responses`, plain and `stream: true`; `input` is a string or a list of items. */
export const openaiResponses: Route = {
  flavour: 'openai',
  hasBody: true,
  validate: missingModel,
  directiveText: (body) => (typeof body.input === 'string' ? body.input : lastUserText(body.input)),
  respond(body, scenario, ctx) {
    const c = planCompletion(inputChars(body), readLimit(body.max_output_tokens), scenario, ctx.defaultOutputTokens);
    const shell = shellOf(body, ctx);
    if (body.stream === true) return { kind: 'sse', frames: responsesFrames(shell, c, !scenario.noUsage) };
    const status = c.truncated ? 'incomplete' : 'completed';
    const usage = scenario.noUsage ? null : responsesUsage(c);
    return { kind: 'json', body: responseObject(shell, status, finalOutput(shell, c), usage) };
  },
};
