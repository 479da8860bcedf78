import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatedInputTokens, startEmulator, type RunningEmulator } from '../../server/src/emulator/index.ts';
import { parseSse, post } from './sse-client.ts';

let emu: RunningEmulator;
let client: Anthropic;

beforeAll(async () => {
  emu = await startEmulator();
  client = new Anthropic({ baseURL: emu.url, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(() => emu.close());

const TEXT = 'Hello from the Iron Cage emulator, every word here is one token.';
const MODEL = 'claude-sonnet-4-6';

describe('POST /v1/messages', () => {
  it('answers a message with text and usage (system counted)', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system: 'Be kind.',
      messages: [{ role: 'user', content: 'Hi there' }],
    });
    expect(message.type).toBe('message');
    expect(message.content).toEqual([{ type: 'text', text: TEXT }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(emulatedInputTokens('Be kind.' + 'Hi there'));
    expect(message.usage.output_tokens).toBe(12);
    expect(message.usage.cache_read_input_tokens).toBe(0);
    expect(message.usage.cache_creation_input_tokens).toBe(0);
  });

  it('reports cache reads and writes outside input_tokens', async () => {
    const text = 'A long shared prefix of a prompt #emu:cached=4 #emu:cache-write=3';
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    });
    const total = emulatedInputTokens(text);
    expect(message.usage.cache_read_input_tokens).toBe(4);
    expect(message.usage.cache_creation_input_tokens).toBe(3);
    expect(message.usage.input_tokens).toBe(total - 4 - 3);
  });

  it('stops at max_tokens with stop_reason max_tokens', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 2, messages: [{ role: 'user', content: 'x' }] });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(2);
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from' }]);
  });

  it('streams the exact event sequence, each as event: + data:', async () => {
    const res = await post(
      `${emu.url}/v1/messages`,
      { model: MODEL, max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'go #emu:output-tokens=2' }] },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const e of events) expect((JSON.parse(e.data) as { type: string }).type).toBe(e.event);
    const start = JSON.parse(events[0]?.data ?? '{}') as { message: { usage: Record<string, number> } };
    expect(start.message.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 });
    const delta = JSON.parse(events[6]?.data ?? '{}') as { usage: { output_tokens: number } };
    expect(delta.usage.output_tokens).toBe(2);
  });

  it('streams through messages.stream to a final message with cumulative usage', async () => {
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Stream it #emu:output-tokens=5 #emu:cached=2' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts).toEqual(['Hello', ' from', ' the', ' Iron', ' Cage']);
    expect(final.usage.output_tokens).toBe(5);
    expect(final.usage.cache_read_input_tokens).toBe(2);
    expect(final.usage.input_tokens).toBe(emulatedInputTokens('Stream it #emu:output-tokens=5 #emu:cached=2') - 2);
  });

  it('messages.create with stream: true yields message_delta usage', async () => {
    const stream = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let output = 0;
    for await (const event of stream) if (event.type === 'message_delta') output = event.usage.output_tokens;
    expect(output).toBe(12);
  });

  it('#emu:drop-after cuts the stream: the SDK sees an error, not a message_stop', async () => {
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 100,
      messages: [{ role: 'user', content: '#emu:drop-after=3' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(texts).toEqual(['Hello', ' from', ' the']);
  });
});

describe('Anthropic errors', () => {
  it('requires max_tokens: 400 invalid_request_error in Anthropic format', async () => {
    const res = await post(`${emu.url}/v1/messages`, { model: MODEL, messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { type: string; error: { type: string; message: string }; request_id: string };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('max_tokens');
    expect(body.request_id).toBe(res.headers.get('request-id'));
  });

  it('surfaces directive statuses as the SDK error classes', async () => {
    const ask = (content: string): Promise<unknown> =>
      client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content }] }).catch((e: unknown) => e);
    const limited = await ask('#emu:status=429');
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBe('0');
    expect(await ask('#emu:status=500')).toBeInstanceOf(Anthropic.InternalServerError);
    expect(await ask('#emu:status=400')).toBeInstanceOf(Anthropic.BadRequestError);
    const overloaded = await ask('#emu:status=529');
    expect(overloaded).toBeInstanceOf(Anthropic.InternalServerError);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error' },
    });
  });

  it('answers malformed JSON in Anthropic format', async () => {
    const res = await post(`${emu.url}/v1/messages`, '{oops');
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as { type: string }).type).toBe('error');
  });

  it('lists models through the SDK', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('claude-'))).toBe(true);
  });
});
