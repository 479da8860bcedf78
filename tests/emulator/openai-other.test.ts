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

const TEXT = 'Hello from the Iron Cage emulator, every word here is one token.';

describe('POST /v1/responses', () => {
  it('answers a string input with a completed response and its usage', async () => {
    const response = await client.responses.create({ model: 'gpt-5', input: 'Say hi', instructions: 'Be brief.' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe(TEXT);
    const input = emulatedInputTokens('Be brief.' + 'Say hi');
    expect(response.usage).toEqual({
      input_tokens: input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 12,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + 12,
    });
  });

  it('takes an array of items, reads directives from the last user item, and reports reasoning', async () => {
    const last = 'Now think #emu:reasoning=4 #emu:output-tokens=6 #emu:cached=2';
    const response = await client.responses.create({
      model: 'o3',
      input: [
        { role: 'user', content: 'First #emu:status=500' },
        { role: 'assistant', content: 'Sure.' },
        { role: 'user', content: [{ type: 'input_text', text: last }] },
      ],
    });
    expect(response.usage?.input_tokens).toBe(emulatedInputTokens('First #emu:status=500' + 'Sure.' + last));
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(2);
    expect(response.usage?.output_tokens).toBe(6);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(4);
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output_text).toBe('Hello from');
  });

  it('is incomplete when max_output_tokens cuts it', async () => {
    const response = await client.responses.create({ model: 'm', input: 'x', max_output_tokens: 3 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details?.reason).toBe('max_output_tokens');
    expect(response.usage?.output_tokens).toBe(3);
  });

  it('streams the real event sequence with event: and data: lines', async () => {
    const res = await post(`${emu.url}/v1/responses`, { model: 'm', input: 'go #emu:output-tokens=2', stream: true });
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const payloads = events.map((e) => JSON.parse(e.data) as { type: string; sequence_number: number });
    expect(payloads.map((p) => p.type)).toEqual(events.map((e) => e.event));
    expect(payloads.map((p) => p.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('streams through the SDK to a final response carrying usage', async () => {
    const stream = client.responses.stream({ model: 'm', input: 'Stream #emu:output-tokens=4' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas).toEqual(['Hello', ' from', ' the', ' Iron']);
    expect(final.output_text).toBe('Hello from the Iron');
    expect(final.usage?.output_tokens).toBe(4);
    expect(final.usage?.input_tokens).toBe(emulatedInputTokens('Stream #emu:output-tokens=4'));
  });

  it('stream: true through responses.create yields response.completed last', async () => {
    const stream = await client.responses.create({ model: 'm', input: 'hi', stream: true });
    const types: string[] = [];
    let usage: OpenAI.Responses.ResponseUsage | null | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.completed') usage = event.response.usage;
    }
    expect(types.at(-1)).toBe('response.completed');
    expect(usage?.total_tokens).toBe(emulatedInputTokens('hi') + 12);
  });
});

describe('POST /v1/embeddings', () => {
  it('returns deterministic vectors (base64 by SDK default, or floats) and prompt-token usage', async () => {
    const inputs = ['alpha', 'beta gamma'];
    const viaBase64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: inputs });
    const viaFloat = await client.embeddings.create({ model: 'text-embedding-3-small', input: inputs, encoding_format: 'float' });
    expect(viaBase64.data).toHaveLength(2);
    expect(viaBase64.data[0]?.embedding).toHaveLength(16);
    expect(viaBase64.data.map((d) => d.embedding)).toEqual(viaFloat.data.map((d) => d.embedding));
    expect(viaFloat.data[0]?.embedding).not.toEqual(viaFloat.data[1]?.embedding);
    const again = await client.embeddings.create({ model: 'x', input: 'alpha', encoding_format: 'float', dimensions: 16 });
    expect(again.data[0]?.embedding).toEqual(viaFloat.data[0]?.embedding);
    const tokens = emulatedInputTokens('alphabeta gamma');
    expect(viaFloat.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
  });

  it('honours dimensions', async () => {
    const result = await client.embeddings.create({ model: 'm', input: 'x', dimensions: 5, encoding_format: 'float' });
    expect(result.data[0]?.embedding).toHaveLength(5);
  });
});

describe('GET /v1/models', () => {
  it('lists models in OpenAI format', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model.object).toBe('model');
      ids.push(model.id);
    }
    expect(ids).toContain('gpt-4o-mini');
  });

  it('answers in Anthropic format when asked with anthropic-version', async () => {
    const res = await fetch(`${emu.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } });
    const list = (await res.json()) as { data: { type: string }[]; has_more: boolean };
    expect(list.has_more).toBe(false);
    expect(list.data.every((m) => m.type === 'model')).toBe(true);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });
});
