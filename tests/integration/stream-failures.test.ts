import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { startHarness, waitFor, type Harness } from '../support/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const slowStream = (extra: string) => ({
  model: 'gpt-4o-mini',
  max_tokens: 400,
  stream: true as const,
  messages: [{ role: 'user' as const, content: `long answer #emu:output-tokens=200 ${extra}` }],
});

describe('streams that end badly are still metered', () => {
  it('charges a client that disconnects mid-stream for everything the provider produced', async () => {
    h = await startHarness({ emulator: { chunkDelayMs: 5 } });
    const stream = await h.openai.chat.completions.create(slowStream(''));
    let chunks = 0;
    // Leaving the loop makes the SDK abort the HTTP request: the client hangs up after 5 chunks.
    for await (const _ of stream) if (++chunks === 5) break;
    expect(chunks).toBe(5);
    const harness = h;
    await waitFor(() => harness.calls().at(-1)?.state === 'settled', 5_000, 'settlement');
    const call = h.calls().at(-1)!;
    // The gateway read the provider's stream to its end, so the usage is the provider's, not a guess.
    expect(call).toMatchObject({ outcome: 'client_disconnected', output_tokens: 200, usage_estimated: 0 });
    expect(call.cost_micros).toBeGreaterThan(0);
    expect(h.budget().reserved).toBe(0);
  });

  it('charges an estimate, capped at the reservation, when the provider drops the stream without usage', async () => {
    h = await startHarness();
    const stream = await h.openai.chat.completions.create(slowStream('#emu:drop-after=20'));
    let text = '';
    try {
      for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    } catch {
      // The SDK may surface the gateway's stream error event; either way the text so far arrived.
    }
    expect(text.length).toBeGreaterThan(0);
    const harness = h;
    await waitFor(() => harness.calls().at(-1)?.state === 'settled', 5_000, 'settlement');
    const call = h.calls().at(-1)!;
    expect(call).toMatchObject({ outcome: 'upstream_dropped', usage_estimated: 1 });
    expect(call.output_tokens).toBeGreaterThan(0);
    expect(call.cost_micros).toBeGreaterThan(0);
    expect(call.cost_micros).toBeLessThanOrEqual(call.reserved_micros);
    expect(h.budget().reserved).toBe(0);
  });

  it('cuts off a running stream within a second when the CLI, in another process, suspends the agent', async () => {
    h = await startHarness({ emulator: { chunkDelayMs: 20 } });
    const stream = await h.openai.chat.completions.create(slowStream(''));
    let chunks = 0;
    let suspendedAt = 0;
    let endedAt = 0;
    const consumed = (async () => {
      try {
        for await (const _ of stream) {
          if (++chunks === 3) {
            // A separate OS process writes the suspension to the shared database.
            const r = runCli(['agent', 'suspend', 'agent-1'], { dataDir: h!.dataDir });
            expect(r.status).toBe(0);
            suspendedAt = Date.now();
          }
        }
      } catch {
        // The stream ends with the gateway's error event.
      }
      endedAt = Date.now();
    })();
    await consumed;
    expect(suspendedAt).toBeGreaterThan(0);
    expect(endedAt - suspendedAt).toBeLessThan(1_000);
    expect(chunks).toBeLessThan(150);
    const harness = h;
    await waitFor(() => harness.calls().at(-1)?.state === 'settled', 5_000, 'settlement');
    expect(h.calls().at(-1)).toMatchObject({ outcome: 'cut_off' });
    expect(h.budget().reserved).toBe(0);
    await expect(
      h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 403, code: 'agent_suspended' });
  });
});
