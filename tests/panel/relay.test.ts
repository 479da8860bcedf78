import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../server/src/emulator/index.ts';
import { listAgentViews, addProvider, createAgent } from '../../core/src/node/panel/admin-service.ts';
import { usageViews } from '../../core/src/node/panel/queries.ts';
import { CLI, startFixture, type PanelFixture } from './panel-fixture.ts';

const KEY = 'sk-relay-only-on-the-panel-42';
let fx: PanelFixture;
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, chunkDelayMs: 150, defaultOutputTokens: 8 });
  fx = await startFixture();
  await addProvider(fx.panel.ctx, CLI, { name: 'emu', type: 'openai', baseUrl: `${emu.url}/v1`, key: KEY });
  await addProvider(fx.panel.ctx, CLI, { name: 'emu-anthropic', type: 'anthropic', baseUrl: `${emu.url}/v1`, key: KEY });
  await createAgent(fx.panel.ctx, CLI, { name: 'strict', owner: 'dev@example.com', budgetMicros: 5_000_000, providers: ['emu', 'emu-anthropic'], keyMode: 'relay' });
});
afterAll(async () => {
  await fx.close();
  await emu.close();
});

describe('relay mode', () => {
  it('streams the provider answer unbuffered and charges it on the lease like a direct call', async () => {
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'strict', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    expect(g.keyMode).toBe('relay');
    expect(g.keyEnvelopes).toHaveLength(0);
    const res = await dev.relay(g.lease, 1, 'relay-call-1', '/v1/chat/completions', { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hello there' }] });
    expect(res.status).toBe(200);
    // Unbuffered: the first chunk arrives long before the stream ends (the emulator waits 150 ms between events).
    const t0 = Date.now();
    const arrivals: number[] = [];
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      arrivals.push(Date.now() - t0);
      text += decoder.decode(chunk, { stream: true });
    }
    expect(arrivals.length).toBeGreaterThan(3);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(500);
    expect(text).toContain('[DONE]');
    expect(text).not.toContain(KEY);

    // Recorded under the device's seq and call id, priced by the panel from the provider's own usage.
    await new Promise((r) => setTimeout(r, 100));
    const usage = (await usageViews(fx.panel.ctx, { agent: 'strict' })).records;
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ seq: 1, callId: 'relay-call-1', model: 'gpt-4o-mini' });
    expect(usage[0]!.inputTokens).toBeGreaterThan(0);
    expect(usage[0]!.outputTokens).toBe(8);
    const expected = Math.ceil((usage[0]!.inputTokens * 150_000 + 8 * 600_000) / 1_000_000);
    expect(usage[0]!.costMicros).toBe(expected);
    const agent = (await listAgentViews(fx.panel.ctx)).find((a) => a.name === 'strict')!;
    expect(agent.committedMicros).toBe(expected);

    // The same call reported again by the device (its outbox) is a duplicate, not a second charge.
    const dup = await dev.report(g.lease, { epoch: g.epoch, batchId: 'again', records: [{ seq: 1, callId: 'relay-call-1', provider: 'emu', model: 'gpt-4o-mini', status: 'ok', inputTokens: usage[0]!.inputTokens, outputTokens: 8, cacheReadTokens: 0, cacheWriteTokens: 0, clientCostMicros: expected }] });
    expect(dup.duplicates).toEqual([1]);
    expect((await listAgentViews(fx.panel.ctx)).find((a) => a.name === 'strict')!.committedMicros).toBe(expected);
  });

  it('relays the Anthropic route and refuses a sealed-mode agent', async () => {
    const dev = await fx.device();
    const g = await dev.grant({ agent: 'strict', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    const res = await dev.relay(g.lease, 1, 'anthropic-1', '/v1/messages', { model: 'claude-3-5-haiku-latest', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { usage: { output_tokens: number } };
    expect(body.usage.output_tokens).toBeGreaterThan(0);
    const sealed = await dev.grant({ agent: 'bot', requestedMicros: 1_000_000, minUsefulMicros: 10_000 });
    const refused = await dev.relay(sealed.lease, 1, 'x', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(refused.status).toBe(409);
  });
});
