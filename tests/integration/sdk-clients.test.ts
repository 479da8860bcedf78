import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startHarness, type Harness } from '../support/harness.ts';

// Catalog prices in micro-USD per million tokens, written out here so the ledger is checked against
// independent arithmetic, not against the gateway's own pricing code.
const GPT_4O_MINI = { input: 150_000, cached: 75_000, output: 600_000 };
const HAIKU = { input: 800_000, cacheRead: 80_000, cacheWrite: 1_000_000, output: 4_000_000 };
const EMBEDDING_3_SMALL = { input: 20_000 };

function micros(perMtokTimesTokens: number): number {
  return Math.ceil(perMtokTimesTokens / 1_000_000);
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

function lastCall() {
  const calls = h.calls();
  return calls[calls.length - 1]!;
}

describe('the official OpenAI SDK through the gateway', () => {
  it('meters a chat completion and swaps the IC token for the provider key', async () => {
    const before = h.budget().spent;
    const r = await h.openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 40,
      messages: [{ role: 'user', content: 'Say hello #emu:output-tokens=7' }],
    });
    expect(r.choices[0]?.message.content).toBeTruthy();
    const u = r.usage!;
    expect(u.completion_tokens).toBe(7);
    const call = lastCall();
    expect(call).toMatchObject({ state: 'settled', outcome: 'ok', model: 'gpt-4o-mini', input_tokens: u.prompt_tokens, output_tokens: 7 });
    const expected = micros(u.prompt_tokens * GPT_4O_MINI.input + 7 * GPT_4O_MINI.output);
    expect(call.cost_micros).toBe(expected);
    expect(h.budget().spent - before).toBe(expected);
    expect(h.budget().reserved).toBe(0);
    const seen = h.emu.requests[h.emu.requests.length - 1]!;
    expect(seen.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(JSON.stringify(seen.headers)).not.toContain(h.token);
  });

  it('charges a stream exactly like a plain call, and hides the usage chunk the client did not ask for', async () => {
    const stream = await h.openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 40,
      stream: true,
      messages: [{ role: 'user', content: 'Stream please #emu:output-tokens=9 #emu:cached=2' }],
    });
    let text = '';
    let sawUsage = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) sawUsage = true;
    }
    expect(text.split(/\s+/).filter(Boolean)).toHaveLength(9);
    expect(sawUsage).toBe(false);
    // The gateway asked the provider for usage on the client's behalf.
    const sent = h.emu.requests[h.emu.requests.length - 1]!.body as { stream_options?: { include_usage?: boolean } };
    expect(sent.stream_options?.include_usage).toBe(true);
    const call = lastCall();
    expect(call).toMatchObject({ state: 'settled', outcome: 'ok', stream: 1, output_tokens: 9, cache_read_tokens: 2, usage_estimated: 0 });
    expect(call.cost_micros).toBe(
      micros(call.input_tokens * GPT_4O_MINI.input + 2 * GPT_4O_MINI.cached + 9 * GPT_4O_MINI.output),
    );
  });

  it('passes the usage chunk through when the client asked for it', async () => {
    const stream = await h.openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 20,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'with usage #emu:output-tokens=5' }],
    });
    let usage: { completion_tokens: number } | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage?.completion_tokens).toBe(5);
    expect(lastCall().output_tokens).toBe(5);
  });

  it('meters the Responses API, plain and streamed, with reasoning tokens as output', async () => {
    const r = await h.openai.responses.create({ model: 'gpt-4o-mini', input: 'Hi #emu:output-tokens=6 #emu:reasoning=4', max_output_tokens: 50 });
    expect(r.usage?.output_tokens).toBe(6);
    expect(lastCall()).toMatchObject({ outcome: 'ok', output_tokens: 6, reasoning_tokens: 4 });

    const stream = await h.openai.responses.create({ model: 'gpt-4o-mini', input: 'Hi again #emu:output-tokens=8', stream: true, max_output_tokens: 50 });
    let completed = false;
    for await (const ev of stream) if (ev.type === 'response.completed') completed = true;
    expect(completed).toBe(true);
    const call = lastCall();
    expect(call).toMatchObject({ outcome: 'ok', stream: 1, output_tokens: 8, usage_estimated: 0 });
    expect(call.cost_micros).toBe(micros(call.input_tokens * GPT_4O_MINI.input + 8 * GPT_4O_MINI.output));
  });

  it('meters embeddings', async () => {
    const r = await h.openai.embeddings.create({ model: 'text-embedding-3-small', input: ['one two three', 'four'] });
    expect(r.data).toHaveLength(2);
    const call = lastCall();
    expect(call).toMatchObject({ outcome: 'ok', input_tokens: r.usage.prompt_tokens, output_tokens: 0 });
    expect(call.cost_micros).toBe(micros(r.usage.prompt_tokens * EMBEDDING_3_SMALL.input));
  });

  it('lists models without spending', async () => {
    const spent = h.budget().spent;
    const models = await h.openai.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    expect(h.budget().spent).toBe(spent);
  });
});

describe('the official Anthropic SDK through the gateway', () => {
  it('meters a message with cache reads and writes priced separately', async () => {
    const r = await h.anthropic.messages.create({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hello there, a longer prompt for caching #emu:output-tokens=11 #emu:cached=3 #emu:cache-write=2' }],
    });
    expect(r.usage.output_tokens).toBe(11);
    const call = lastCall();
    expect(call).toMatchObject({
      outcome: 'ok',
      input_tokens: r.usage.input_tokens,
      cache_read_tokens: 3,
      cache_write_tokens: 2,
      output_tokens: 11,
    });
    expect(call.cost_micros).toBe(
      micros(r.usage.input_tokens * HAIKU.input + 3 * HAIKU.cacheRead + 2 * HAIKU.cacheWrite + 11 * HAIKU.output),
    );
    const seen = h.emu.requests[h.emu.requests.length - 1]!;
    expect(seen.headers['x-api-key']).toBe(PROVIDER_KEY);
  });

  it('charges a streamed message exactly like a plain one', async () => {
    const stream = h.anthropic.messages.stream({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Stream it #emu:output-tokens=13' }],
    });
    const final = await stream.finalMessage();
    expect(final.usage.output_tokens).toBe(13);
    const call = lastCall();
    expect(call).toMatchObject({ outcome: 'ok', stream: 1, output_tokens: 13, input_tokens: final.usage.input_tokens, usage_estimated: 0 });
    expect(call.cost_micros).toBe(micros(final.usage.input_tokens * HAIKU.input + 13 * HAIKU.output));
  });

  it('accepts the IC token as x-api-key as well as Bearer', async () => {
    const res = await fetch(`${h.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': h.token, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-3-5-haiku-latest', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: string }).type).toBe('message');
  });
});
