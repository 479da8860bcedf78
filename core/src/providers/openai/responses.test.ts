import { describe, expect, it } from 'vitest';
import { expectAppError } from '../__fixtures__/errors.ts';
import {
  RESPONSE_CACHED_REASONING,
  RESPONSES_FAILED_EVENT,
  RESPONSES_STREAM,
  RESPONSES_STREAM_DATA_ONLY,
  RESPONSES_STREAM_INCOMPLETE,
  RESPONSES_STREAM_TEXT,
} from '../__fixtures__/openai-responses.ts';
import { dataOf, feed } from '../__fixtures__/sse.ts';
import { createResponsesStreamMeter, inspectResponses, prepareResponses, responsesUsage } from './responses.ts';

const opts = { providerType: 'openai' as const, defaultMaxOutputTokens: 2048 };
const finalUsage = { inputTokens: 54, cacheReadTokens: 256, cacheWriteTokens: 0, outputTokens: 120, reasoningTokens: 64 };

describe('responses: inspectResponses', () => {
  it('reads instructions, string or item input, tools and the output cap', () => {
    const tools = [{ type: 'function', name: 'add', parameters: { type: 'object' } }];
    expect(inspectResponses({ model: 'gpt-4.1', instructions: 'Be kind.', input: 'Hello', tools, max_output_tokens: 99, stream: true })).toEqual({
      model: 'gpt-4.1',
      stream: true,
      maxOutputTokens: 99,
      inputChars: 'Be kind.'.length + 'Hello'.length + JSON.stringify(tools).length,
    });
    const items = [
      { role: 'user', content: [{ type: 'input_text', text: 'Look:' }, { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/' }] },
      { type: 'function_call_output', call_id: 'c1', output: '{"sum":3}' },
    ];
    expect(inspectResponses({ model: 'o4-mini', input: items })).toEqual({ model: 'o4-mini', stream: false, maxOutputTokens: undefined, inputChars: 'Look:'.length + '{"sum":3}'.length });
  });

  it('counts a structured-output schema', () => {
    const format = { type: 'json_schema', name: 'r', schema: { type: 'object' } };
    expect(inspectResponses({ model: 'm', input: '', text: { format } }).inputChars).toBe(JSON.stringify(format).length);
  });

  it.each([
    ['no model', { input: 'x' }],
    ['a bad cap', { model: 'm', input: 'x', max_output_tokens: 0 }],
    ['a non-object body', 42],
  ])('refuses %s', (_name, body) => {
    expectAppError(() => inspectResponses(body), 'INVALID_REQUEST');
  });
});

describe('responses: prepareResponses', () => {
  it('injects max_output_tokens when the client gave none', () => {
    const body = { model: 'gpt-4.1', input: 'hi', stream: true };
    expect(prepareResponses(body, opts)).toEqual({ body: { ...body, max_output_tokens: 2048 }, changed: true, injectedUsageOption: false, outputCap: 2048 });
    expect(body).not.toHaveProperty('max_output_tokens');
  });

  it("keeps the client's cap and the same object", () => {
    const body = { model: 'gpt-4.1', input: 'hi', max_output_tokens: 10 };
    const prepared = prepareResponses(body, opts);
    expect(prepared.body).toBe(body);
    expect(prepared).toMatchObject({ changed: false, injectedUsageOption: false, outputCap: 10 });
  });
});

describe('responses: usage', () => {
  it('splits cached input and keeps reasoning inside output', () => {
    expect(responsesUsage(RESPONSE_CACHED_REASONING)).toEqual({ inputTokens: 1104, cacheReadTokens: 4096, cacheWriteTokens: 0, outputTokens: 850, reasoningTokens: 640 });
  });

  it('returns undefined without usage', () => {
    expect(responsesUsage({ id: 'resp', usage: null })).toBeUndefined();
    expect(responsesUsage({ usage: { input_tokens: 3 } })).toBeUndefined();
  });
});

describe('responses: stream meter', () => {
  const expectedChars = RESPONSES_STREAM_TEXT.join('').length;

  it('takes usage only from response.completed, not the zeros in response.created', () => {
    const meter = createResponsesStreamMeter();
    const parsed: { event: string | undefined; data: string }[] = [];
    const lines = RESPONSES_STREAM.split('\n\n').filter((block) => block.trim() !== '');
    for (const block of lines) {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      parsed.push({ event: eventLine.slice('event: '.length), data: dataLine.slice('data: '.length) });
    }
    for (const { event, data } of parsed.slice(0, -1)) meter.push(event, data);
    expect(meter.usage()).toBeUndefined();
    const last = parsed.at(-1);
    if (last) meter.push(last.event, last.data);
    expect(meter.usage()).toEqual(finalUsage);
  });

  it('counts text, reasoning and tool-argument deltas but not base64 audio', () => {
    expect(feed(createResponsesStreamMeter(), RESPONSES_STREAM, 13).outputChars()).toBe(expectedChars);
  });

  it('works the same without event lines', () => {
    const meter = feed(createResponsesStreamMeter(), RESPONSES_STREAM_DATA_ONLY);
    expect(meter.usage()).toEqual(finalUsage);
    expect(meter.outputChars()).toBe(expectedChars);
    const withDefaultName = createResponsesStreamMeter();
    for (const data of dataOf(RESPONSES_STREAM_DATA_ONLY)) withDefaultName.push('message', data);
    expect(withDefaultName.usage()).toEqual(finalUsage);
  });

  it('reads usage from response.incomplete and response.failed', () => {
    const meter = feed(createResponsesStreamMeter(), RESPONSES_STREAM_INCOMPLETE);
    expect(meter.usage()).toEqual({ inputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 16, reasoningTokens: 0 });
    expect(meter.outputChars()).toBe('Once upon'.length);
    const failed = createResponsesStreamMeter();
    failed.push('response.failed', RESPONSES_FAILED_EVENT);
    expect(failed.usage()).toEqual({ inputTokens: 900, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 0 });
  });
});
