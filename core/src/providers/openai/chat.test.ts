import { describe, expect, it } from 'vitest';
import {
  CHAT_RESPONSE_CACHED_REASONING,
  CHAT_STREAM_TEXT,
  CHAT_STREAM_WITH_USAGE,
  CHAT_STREAM_WITHOUT_USAGE,
  DEEPSEEK_STREAM,
  GROQ_STREAM,
  OPENROUTER_STREAM,
  SPACED_USAGE_ONLY_CHUNK,
} from '../__fixtures__/openai-chat.ts';
import { expectAppError } from '../__fixtures__/errors.ts';
import { dataOf, feed } from '../__fixtures__/sse.ts';
import { chatUsage, createChatStreamMeter, inspectChat, isUsageOnlyChatChunk, prepareChat } from './chat.ts';

const openaiOpts = { providerType: 'openai' as const, defaultMaxOutputTokens: 4096 };
const compatibleOpts = { providerType: 'openai-compatible' as const, defaultMaxOutputTokens: 4096 };

describe('chat: inspectChat', () => {
  it('reads model, stream, cap and the characters the model will read', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const facts = inspectChat({
      model: 'gpt-4o-mini',
      stream: true,
      max_completion_tokens: 500,
      messages: [
        { role: 'developer', content: 'Be terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      ],
      tools,
    });
    expect(facts).toEqual({ model: 'gpt-4o-mini', stream: true, maxOutputTokens: 500, inputChars: 'Be terse.'.length + 'Weather?'.length + JSON.stringify(tools).length });
  });

  it('accepts the legacy max_tokens, and takes the larger cap when both are given', () => {
    expect(inspectChat({ model: 'm', messages: [], max_tokens: 100 }).maxOutputTokens).toBe(100);
    expect(inspectChat({ model: 'm', messages: [], max_tokens: 100, max_completion_tokens: 300 }).maxOutputTokens).toBe(300);
    expect(inspectChat({ model: 'm', messages: [], max_tokens: null }).maxOutputTokens).toBeUndefined();
  });

  it('counts a json_schema response format as text the model reads', () => {
    const response_format = { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } };
    expect(inspectChat({ model: 'm', messages: [], response_format }).inputChars).toBe(JSON.stringify(response_format.json_schema).length);
  });

  it.each([
    ['an array body', []],
    ['a null body', null],
    ['a string body', 'hello'],
    ['no model', { messages: [] }],
    ['an empty model', { model: '  ', messages: [] }],
    ['a numeric model', { model: 4, messages: [] }],
    ['a string stream flag', { model: 'm', messages: [], stream: 'true' }],
    ['a negative cap', { model: 'm', messages: [], max_tokens: -1 }],
    ['a fractional cap', { model: 'm', messages: [], max_completion_tokens: 1.5 }],
    ['a string cap', { model: 'm', messages: [], max_completion_tokens: '100' }],
    ['zero choices', { model: 'm', messages: [], n: 0 }],
  ])('refuses %s with INVALID_REQUEST', (_name, body) => {
    expectAppError(() => inspectChat(body), 'INVALID_REQUEST');
  });
});

describe('chat: prepareChat', () => {
  it('asks for streamed usage and injects max_completion_tokens for OpenAI, without touching the original', () => {
    const body = { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] };
    const snapshot = structuredClone(body);
    const prepared = prepareChat(body, openaiOpts);
    expect(prepared).toEqual({
      body: { ...snapshot, stream_options: { include_usage: true }, max_completion_tokens: 4096 },
      changed: true,
      injectedUsageOption: true,
      outputCap: 4096,
    });
    expect(body).toEqual(snapshot);
  });

  it('injects max_tokens for OpenAI-compatible providers and keeps other stream options', () => {
    const body = { model: 'llama', stream: true, stream_options: { include_obfuscation: false }, messages: [] };
    const prepared = prepareChat(body, compatibleOpts);
    expect(prepared.body).toEqual({ ...body, stream_options: { include_obfuscation: false, include_usage: true }, max_tokens: 4096 });
    expect(prepared.injectedUsageOption).toBe(true);
  });

  it('returns the same object when the client already asked for usage and set a cap', () => {
    const body = { model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, max_tokens: 200, messages: [] };
    const prepared = prepareChat(body, openaiOpts);
    expect(prepared.body).toBe(body);
    expect(prepared).toMatchObject({ changed: false, injectedUsageOption: false, outputCap: 200 });
  });

  it('replaces include_usage: false, since a stream without usage cannot be charged exactly', () => {
    const prepared = prepareChat({ model: 'm', stream: true, stream_options: { include_usage: false }, max_tokens: 5, messages: [] }, openaiOpts);
    expect(prepared.body.stream_options).toEqual({ include_usage: true });
    expect(prepared.injectedUsageOption).toBe(true);
  });

  it('leaves non-streamed requests with a cap alone', () => {
    const body = { model: 'gpt-4o', max_completion_tokens: 64, messages: [] };
    expect(prepareChat(body, openaiOpts)).toEqual({ body, changed: false, injectedUsageOption: false, outputCap: 64 });
  });

  it('multiplies the cap by the number of choices', () => {
    expect(prepareChat({ model: 'm', n: 3, max_tokens: 100, messages: [] }, openaiOpts).outputCap).toBe(300);
    expect(prepareChat({ model: 'm', n: 2, messages: [] }, openaiOpts).outputCap).toBe(8192);
  });
});

describe('chat: usage', () => {
  it('splits cached tokens out of prompt_tokens and keeps reasoning inside output', () => {
    expect(chatUsage(CHAT_RESPONSE_CACHED_REASONING)).toEqual({ inputTokens: 86, cacheReadTokens: 1920, cacheWriteTokens: 0, outputTokens: 300, reasoningTokens: 192 });
  });

  it('returns undefined without a usable usage object', () => {
    expect(chatUsage({ id: 'x', choices: [] })).toBeUndefined();
    expect(chatUsage({ usage: null })).toBeUndefined();
    expect(chatUsage({ usage: { prompt_tokens: 5 } })).toBeUndefined();
    expect(chatUsage({ usage: { prompt_tokens: -1, completion_tokens: 2 } })).toBeUndefined();
    expect(chatUsage('nope')).toBeUndefined();
  });

  it('clamps a cached count larger than the prompt', () => {
    expect(chatUsage({ usage: { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 50 } } })).toMatchObject({ inputTokens: 0, cacheReadTokens: 10 });
  });
});

describe('chat: stream meter', () => {
  const expectedChars = CHAT_STREAM_TEXT.join('').length;

  it('reads the final usage chunk and counts generated text, however the bytes are split', () => {
    for (const chunkSize of [CHAT_STREAM_WITH_USAGE.length, 7, 1]) {
      const meter = feed(createChatStreamMeter(), CHAT_STREAM_WITH_USAGE, chunkSize);
      expect(meter.usage()).toEqual({ inputTokens: 276, cacheReadTokens: 1024, cacheWriteTokens: 0, outputTokens: 24, reasoningTokens: 0 });
      expect(meter.outputChars()).toBe(expectedChars);
    }
  });

  it('has no usage until the usage chunk arrives', () => {
    const meter = createChatStreamMeter();
    const events = dataOf(CHAT_STREAM_WITH_USAGE);
    for (const data of events.slice(0, -2)) meter.push(undefined, data);
    expect(meter.usage()).toBeUndefined();
    expect(meter.partialUsage()).toBeUndefined();
    expect(meter.outputChars()).toBe(expectedChars);
  });

  it('reports no usage for a stream without any, but still counts its text', () => {
    const meter = feed(createChatStreamMeter(), CHAT_STREAM_WITHOUT_USAGE);
    expect(meter.usage()).toBeUndefined();
    expect(meter.outputChars()).toBe('Four words, no usage.'.length);
  });

  it('reads OpenRouter usage on a chunk that still has choices, with cache writes', () => {
    const meter = feed(createChatStreamMeter(), OPENROUTER_STREAM);
    expect(meter.usage()).toEqual({ inputTokens: 500, cacheReadTokens: 3000, cacheWriteTokens: 1500, outputTokens: 12, reasoningTokens: 0 });
    expect(meter.outputChars()).toBe(2);
  });

  it('reads DeepSeek cache hits and counts streamed reasoning_content', () => {
    const meter = feed(createChatStreamMeter(), DEEPSEEK_STREAM);
    expect(meter.usage()).toEqual({ inputTokens: 4, cacheReadTokens: 60, cacheWriteTokens: 0, outputTokens: 90, reasoningTokens: 88 });
    expect(meter.outputChars()).toBe('Think'.length + '42'.length);
  });

  it("reads Groq's x_groq usage", () => {
    expect(feed(createChatStreamMeter(), GROQ_STREAM).usage()).toEqual({ inputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 2, reasoningTokens: 0 });
  });
});

describe('chat: isUsageOnlyChatChunk', () => {
  it('is true only for the final usage-only chunk', () => {
    const flags = dataOf(CHAT_STREAM_WITH_USAGE).map(isUsageOnlyChatChunk);
    expect(flags).toEqual([false, false, false, false, false, false, false, false, true, false]);
  });

  it('is false when usage rides on a chunk with choices (OpenRouter) or is null', () => {
    expect(dataOf(OPENROUTER_STREAM).some(isUsageOnlyChatChunk)).toBe(false);
    expect(isUsageOnlyChatChunk('{"choices":[],"usage":null}')).toBe(false);
  });

  it('accepts spaced JSON and rejects text that merely mentions usage', () => {
    expect(isUsageOnlyChatChunk(SPACED_USAGE_ONLY_CHUNK)).toBe(true);
    expect(isUsageOnlyChatChunk(JSON.stringify({ choices: [{ delta: { content: '"choices":[],"usage":{}' } }] }))).toBe(false);
    expect(isUsageOnlyChatChunk('[DONE]')).toBe(false);
  });
});
