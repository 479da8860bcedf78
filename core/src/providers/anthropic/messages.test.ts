import { describe, expect, it } from 'vitest';
import {
  MESSAGE_WITH_CACHE,
  MESSAGES_STREAM,
  MESSAGES_STREAM_CUT_SHORT,
  MESSAGES_STREAM_REPEATED_USAGE,
  MESSAGES_STREAM_TEXT,
} from '../__fixtures__/anthropic-messages.ts';
import { expectAppError } from '../__fixtures__/errors.ts';
import { dataOf, feed } from '../__fixtures__/sse.ts';
import { createMessagesStreamMeter, inspectMessages, messagesUsage, prepareMessages } from './messages.ts';

const opts = { providerType: 'anthropic' as const, defaultMaxOutputTokens: 4096 };

describe('messages: inspectMessages', () => {
  it('reads model, stream, max_tokens and the text of system, messages and tools', () => {
    const tools = [{ name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object' } }];
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      stream: true,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA'.repeat(500) } }] },
      ],
      tools,
    };
    expect(inspectMessages(body)).toEqual({
      model: 'claude-sonnet-4-5',
      stream: true,
      maxOutputTokens: 1024,
      inputChars: 'You are terse.'.length + 'Weather in Paris?'.length + JSON.stringify(tools).length,
    });
    expect(inspectMessages({ model: 'claude-3-5-haiku-latest', max_tokens: 5, system: 'Hi.', messages: [] }).inputChars).toBe(3);
  });

  it.each([
    ['no max_tokens', { model: 'claude-sonnet-4-5', messages: [] }],
    ['a null max_tokens', { model: 'claude-sonnet-4-5', max_tokens: null, messages: [] }],
    ['a zero max_tokens', { model: 'claude-sonnet-4-5', max_tokens: 0, messages: [] }],
    ['no model', { max_tokens: 10, messages: [] }],
    ['an array body', [{ model: 'x' }]],
  ])('refuses %s with INVALID_REQUEST', (_name, body) => {
    expectAppError(() => inspectMessages(body), 'INVALID_REQUEST');
  });
});

describe('messages: prepareMessages', () => {
  it('forwards a capped body unchanged (usage is always streamed)', () => {
    const body = { model: 'claude-sonnet-4-5', max_tokens: 300, stream: true, messages: [] };
    const prepared = prepareMessages(body, opts);
    expect(prepared.body).toBe(body);
    expect(prepared).toMatchObject({ changed: false, injectedUsageOption: false, outputCap: 300 });
  });

  it('bounds a body without max_tokens rather than forwarding it unbounded', () => {
    const body = { model: 'claude-sonnet-4-5', messages: [] };
    expect(prepareMessages(body, opts)).toEqual({ body: { ...body, max_tokens: 4096 }, changed: true, injectedUsageOption: false, outputCap: 4096 });
  });
});

describe('messages: usage', () => {
  it('keeps input, cache write and cache read disjoint, as Anthropic reports them', () => {
    expect(messagesUsage(MESSAGE_WITH_CACHE)).toEqual({ inputTokens: 12, cacheReadTokens: 8192, cacheWriteTokens: 2048, outputTokens: 350, reasoningTokens: 200 });
  });

  it('treats absent cache fields as zero and a missing count as no usage', () => {
    expect(messagesUsage({ usage: { input_tokens: 11, output_tokens: 6 } })).toEqual({ inputTokens: 11, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 6, reasoningTokens: 0 });
    expect(messagesUsage({ usage: { output_tokens: 6 } })).toBeUndefined();
    expect(messagesUsage({ type: 'error', error: { type: 'overloaded_error' } })).toBeUndefined();
  });
});

describe('messages: stream meter', () => {
  const expectedChars = MESSAGES_STREAM_TEXT.join('').length;

  it('combines message_start input/cache counts with the cumulative output of message_delta', () => {
    for (const chunkSize of [MESSAGES_STREAM.length, 5]) {
      const meter = feed(createMessagesStreamMeter(), MESSAGES_STREAM, chunkSize);
      expect(meter.usage()).toEqual({ inputTokens: 25, cacheReadTokens: 3000, cacheWriteTokens: 1000, outputTokens: 87, reasoningTokens: 0 });
      expect(meter.outputChars()).toBe(expectedChars);
    }
  });

  it('takes the latest non-null counts when message_delta repeats them', () => {
    const meter = feed(createMessagesStreamMeter(), MESSAGES_STREAM_REPEATED_USAGE);
    expect(meter.usage()).toEqual({ inputTokens: 42, cacheReadTokens: 512, cacheWriteTokens: 0, outputTokens: 30, reasoningTokens: 12 });
  });

  it('has no final usage when the stream dies before message_delta, but exposes what it knew', () => {
    const meter = feed(createMessagesStreamMeter(), MESSAGES_STREAM_CUT_SHORT);
    expect(meter.usage()).toBeUndefined();
    expect(meter.partialUsage()).toEqual({ inputTokens: 700, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 });
    expect(meter.outputChars()).toBe('Partial answ'.length);
  });

  it('works without event lines', () => {
    const meter = createMessagesStreamMeter();
    for (const data of dataOf(MESSAGES_STREAM)) meter.push(undefined, data);
    expect(meter.usage()).toMatchObject({ inputTokens: 25, outputTokens: 87 });
    expect(meter.outputChars()).toBe(expectedChars);
  });
});
