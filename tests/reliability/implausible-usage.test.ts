import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { chatJson, sendJson, startHostileUpstream, type HostileUpstream } from '../support/hostile-upstream.ts';

let h: Harness | undefined;
let up: HostileUpstream | undefined;
afterEach(async () => {
  await h?.close();
  await up?.close();
  h = up = undefined;
});

async function callWithUsage(usage: unknown): Promise<Harness['calls'] extends () => (infer R)[] ? R : never> {
  up = await startHostileUpstream((_req, res) => sendJson(res, 200, chatJson(usage)));
  h = await startHarness();
  h.rt.providers.update('oa', { baseUrl: `${up.url}/v1` }, 'test');
  const answer = await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
  expect(answer.choices[0]?.message.content).toBe('hello there');
  const call = h.calls().at(-1)!;
  expect(call.state).toBe('settled');
  expect(h.budget().reserved).toBe(0);
  expect(Number.isSafeInteger(call.cost_micros)).toBe(true);
  expect(call.cost_micros).toBeGreaterThan(0);
  expect(call.cost_micros).toBeLessThanOrEqual(call.reserved_micros);
  expect(h.budget().spent).toBe(call.cost_micros);
  return call;
}

describe('usage reported by the provider is capped at the worst case', () => {
  it.each([
    ['a billion prompt tokens', { prompt_tokens: 1e9, completion_tokens: 5, total_tokens: 1e9 + 5 }],
    ['10^15 tokens', { prompt_tokens: 1e15, completion_tokens: 1e15 }],
    ['near 9·10^15 tokens (where the cost calculation used to throw)', { prompt_tokens: 9e15, completion_tokens: 9e15 }],
  ])('charges the reservation and flags %s', async (_what, usage) => {
    const call = await callWithUsage(usage);
    expect(call.cost_micros).toBe(call.reserved_micros);
    expect(call.outcome).toBe('usage_implausible');
    expect(call.usage_estimated).toBe(1);
  });

  it.each([
    ['negative counts', { prompt_tokens: -5, completion_tokens: -100 }],
    ['string counts', { prompt_tokens: '12', completion_tokens: 'lots' }],
    ['fractional counts', { prompt_tokens: 1.5, completion_tokens: Number.MIN_VALUE }],
    ['all zeros for a call that used tokens', { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }],
    ['a usage that is not an object', 'NaN'],
  ])('never charges nothing, a negative or NaN amount for %s', async (_what, usage) => {
    const call = await callWithUsage(usage);
    expect(call.usage_estimated).toBe(1);
    expect(call.input_tokens + call.output_tokens).toBeGreaterThan(0);
  });

  it('charges plausible usage as reported', async () => {
    const call = await callWithUsage({ prompt_tokens: 9, completion_tokens: 3 });
    expect(call).toMatchObject({ outcome: 'ok', usage_estimated: 0, input_tokens: 9, output_tokens: 3 });
  });
});
