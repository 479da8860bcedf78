import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatedInputTokens, startEmulator, type RunningEmulator } from '../../server/src/emulator/index.ts';
import { parseSse, post } from './sse-client.ts';

let emu: RunningEmulator;
let client: OpenAI;

beforeAll(async () => {
  emu = await startEmulator();
  client = new OpenAI({ baseURL: `${emu.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(() => emu.close());

const user = (content: string): OpenAI.ChatCompletionMessageParam[] => [{ role: 'user', content }];

describe('POST /v1/chat/completions', () => {
  it('answers with deterministic text and the full usage object', async () => {
    const system = 'You are terse.';
    const prompt = 'Hello there';
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: system }, ...user(prompt)],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]?.message.content).toBe('Hello from the Iron Cage emulator, every word here is one token.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const input = emulatedInputTokens(system + prompt);
    expect(completion.usage).toEqual({
      prompt_tokens: input,
      completion_tokens: 12,
      total_tokens: input + 12,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
  });

  it('counts text parts and honours output-tokens, cached and reasoning directives', async () => {
    const text = 'Describe this #emu:output-tokens=30 #emu:cached=3 #emu:reasoning=10';
    const completion = await client.chat.completions.create({
      model: 'o3',
      messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    });
    expect(completion.usage?.prompt_tokens).toBe(emulatedInputTokens(text));
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(3);
    expect(completion.usage?.completion_tokens).toBe(30);
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(10);
    expect(completion.choices[0]?.message.content?.split(' ')).toHaveLength(20);
  });

  it('caps output at max_completion_tokens (and max_tokens) with finish_reason length', async () => {
    const a = await client.chat.completions.create({ model: 'm', messages: user('hi'), max_completion_tokens: 4 });
    expect(a.usage?.completion_tokens).toBe(4);
    expect(a.choices[0]?.finish_reason).toBe('length');
    const b = await client.chat.completions.create({ model: 'm', messages: user('hi #emu:output-tokens=3'), max_tokens: 5 });
    expect(b.usage?.completion_tokens).toBe(3);
    expect(b.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams role, one word per chunk, finish and the usage chunk when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: user('Stream please #emu:output-tokens=5'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const words = chunks.flatMap((c) => (c.choices[0]?.delta.content ? [c.choices[0].delta.content] : []));
    expect(words).toEqual(['Hello', ' from', ' the', ' Iron', ' Cage']);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(5);
    expect(last?.usage?.prompt_tokens).toBe(emulatedInputTokens('Stream please #emu:output-tokens=5'));
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('sends no usage field at all without include_usage, and ends with [DONE]', async () => {
    const res = await post(`${emu.url}/v1/chat/completions`, { model: 'm', messages: user('x'), stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseSse(res.text);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data) as Record<string, unknown>);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks).toHaveLength(1 + 12 + 1);
  });

  it('splits the text into #emu:chunks pieces', async () => {
    const stream = await client.chat.completions.create({ model: 'm', messages: user('#emu:chunks=3'), stream: true });
    const pieces: string[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content);
    expect(pieces).toHaveLength(3);
    expect(pieces.join('')).toBe('Hello from the Iron Cage emulator, every word here is one token.');
  });

  it('#emu:no-usage drops the usage chunk even when include_usage asks for it', async () => {
    const res = await post(`${emu.url}/v1/chat/completions`, {
      model: 'm',
      messages: user('#emu:no-usage'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = parseSse(res.text).slice(0, -1).map((e) => JSON.parse(e.data) as { choices: unknown[]; usage?: unknown });
    expect(chunks.every((c) => c.usage === undefined && c.choices.length === 1)).toBe(true);
  });

  it('#emu:drop-after cuts the stream after N content chunks: no finish, no usage, no [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: user('#emu:drop-after=2'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const seen: OpenAI.ChatCompletionChunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk);
      })(),
    ).rejects.toThrow();
    expect(seen.map((c) => c.choices[0]?.delta.content)).toEqual(['', 'Hello', ' from']);
    expect(seen.some((c) => c.usage)).toBe(false);
  });

  it('carries x-request-id and rate-limit headers', async () => {
    const { response } = await client.chat.completions.create({ model: 'm', messages: user('hi') }).withResponse();
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-ratelimit-remaining-requests')).not.toBeNull();
    expect(response.headers.get('x-ratelimit-limit-tokens')).not.toBeNull();
  });
});

describe('OpenAI errors', () => {
  it('#emu:status=429 is a RateLimitError with retry-after: 0', async () => {
    const error = await client.chat.completions.create({ model: 'm', messages: user('#emu:status=429') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rate = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rate.status).toBe(429);
    expect(rate.headers.get('retry-after')).toBe('0');
    expect(rate.code).toBe('rate_limit_exceeded');
  });

  it('#emu:status=500 and =400 surface as InternalServerError and BadRequestError', async () => {
    await expect(client.chat.completions.create({ model: 'm', messages: user('#emu:status=500') })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
    await expect(
      client.chat.completions.create({ model: 'm', messages: user('#emu:status=400'), stream: true }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('reads directives only from the last user message', async () => {
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [
        { role: 'user', content: '#emu:status=500' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'fine' },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('answers the exact error shapes for unknown paths, malformed JSON and empty messages', async () => {
    const notFound = await fetch(`${emu.url}/v1/nothing`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({
      error: { message: 'Invalid URL (GET /v1/nothing)', type: 'invalid_request_error', param: null, code: null },
    });
    const malformed = await post(`${emu.url}/v1/chat/completions`, '{"model":');
    expect(malformed.status).toBe(400);
    expect(Object.keys((JSON.parse(malformed.text) as { error: object }).error)).toEqual(['message', 'type', 'param', 'code']);
    const empty = await client.chat.completions.create({ model: 'm', messages: [] }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect((empty as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');
  });
});
