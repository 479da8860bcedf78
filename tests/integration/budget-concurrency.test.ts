import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { openRuntime } from '../../core/src/node/runtime.ts';
import { startGateway } from '../../core/src/node/gateway/start-gateway.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// One output token costs exactly 1 micro-USD and input is free, so a call capped at 100 output tokens that
// produces 100 has a worst case equal to its real cost: a 1,000 micro-USD budget fits exactly 10 calls.
const CALL_COST = 100;

async function pricedHarness(): Promise<Harness> {
  const h = await startHarness({ budgetUsd: 0.001 });
  h.rt.pricing.setOverride({ model: 'gpt-4o-mini', inputPerMtok: 0, outputPerMtok: 1_000_000 }, 'test');
  // The gateway reloads price overrides on its config poll; restart-free pick-up is part of what is tested.
  await new Promise((r) => setTimeout(r, 1_200));
  return h;
}

function call(client: OpenAI, stream: boolean) {
  const body = {
    model: 'gpt-4o-mini',
    max_tokens: CALL_COST,
    messages: [{ role: 'user' as const, content: `go #emu:output-tokens=${CALL_COST}` }],
  };
  if (!stream) return client.chat.completions.create(body).then((r) => r.usage?.completion_tokens);
  return client.chat.completions.create({ ...body, stream: true }).then(async (s) => {
    let n = 0;
    for await (const c of s) n += c.choices[0]?.delta.content ? 1 : 0;
    return n;
  });
}

async function outcomes(promises: Promise<unknown>[]) {
  const results = await Promise.allSettled(promises);
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.filter(
    (r) => r.status === 'rejected' && (r.reason as { status?: number; code?: string }).status === 402 && (r.reason as { code?: string }).code === 'budget_exceeded',
  ).length;
  return { ok, refused, other: results.length - ok - refused };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('budget reservations under concurrency', () => {
  for (const stream of [false, true]) {
    it(`200 parallel ${stream ? 'streamed' : 'plain'} calls against a budget that fits 10: exactly 10 run, zero overshoot`, async () => {
      h = await pricedHarness();
      const client = h.openai;
      const r = await outcomes(Array.from({ length: 200 }, () => call(client, stream)));
      expect(r).toEqual({ ok: 10, refused: 190, other: 0 });
      const b = h.budget();
      expect(b.spent).toBe(1_000);
      expect(b.spent).toBeLessThanOrEqual(b.limit);
      expect(b.reserved).toBe(0);
      const calls = h.calls();
      expect(calls.filter((c) => c.state === 'settled')).toHaveLength(10);
      expect(calls.filter((c) => c.state === 'refused' && c.outcome === 'budget_exceeded')).toHaveLength(190);
      expect(calls.reduce((s, c) => s + c.cost_micros, 0)).toBe(1_000);
    });
  }

  it('two gateways on one database (two connections, as two processes) still never overshoot', async () => {
    h = await pricedHarness();
    const rt2 = openRuntime({ dataDir: h.dataDir, logger: silentLogger });
    const gw2 = await startGateway(rt2, { port: 0 });
    try {
      const second = new OpenAI({ baseURL: `${gw2.url}/v1`, apiKey: h.token, maxRetries: 0 });
      const first = h.openai;
      const r = await outcomes(Array.from({ length: 100 }, (_, i) => call(i % 2 ? first : second, i % 3 === 0)));
      expect(r).toEqual({ ok: 10, refused: 90, other: 0 });
      expect(h.budget()).toMatchObject({ spent: 1_000, reserved: 0 });
    } finally {
      await gw2.close(1_000);
      rt2.close();
    }
  });

  it('settles to the real cost and frees the rest of the reservation, but admits a call only if its worst case fits', async () => {
    h = await pricedHarness();
    // Each call reserves its cap (100) and settles to what it produced (10). Call k is admitted while
    // 10k + 100 <= 1,000, so exactly 91 calls run and 910 is spent; the 92nd is refused with 90 left.
    let admitted = 0;
    for (let i = 0; i < 200; i++) {
      try {
        await h.openai.chat.completions.create({
          model: 'gpt-4o-mini',
          max_tokens: CALL_COST,
          messages: [{ role: 'user', content: 'short #emu:output-tokens=10' }],
        });
        admitted++;
      } catch (e) {
        expect(e).toMatchObject({ status: 402, code: 'budget_exceeded' });
        break;
      }
    }
    expect(admitted).toBe(91);
    expect(h.budget()).toMatchObject({ spent: 910, reserved: 0 });
  });
});
