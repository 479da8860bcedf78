import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from '../support/harness.ts';
import { chatJson, sendJson, startHostileUpstream, type HostileHandler, type HostileUpstream } from '../support/hostile-upstream.ts';

let h: Harness | undefined;
let up: HostileUpstream | undefined;
afterEach(async () => {
  await h?.close();
  await up?.close();
  h = up = undefined;
});

const fast = { baseDelayMs: 10, maxDelayMs: 50 };

async function hostile(handle: HostileHandler, opts: HarnessOptions = {}): Promise<Harness> {
  up = await startHostileUpstream(handle);
  h = await startHarness(opts);
  h.rt.providers.update('oa', { baseUrl: `${up.url}/v1` }, 'test');
  return h;
}

async function post(harness: Harness, content = 'hi', stream = false): Promise<{ status: number; text: string; headers: Headers }> {
  const r = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 20, stream, messages: [{ role: 'user', content }] }),
  });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

function ledgerSound(harness: Harness): void {
  expect(harness.budget().reserved).toBe(0);
  expect(harness.calls().every((c) => c.state !== 'reserved' && c.cost_micros >= 0 && c.cost_micros <= c.reserved_micros)).toBe(true);
}

describe('retries before the first byte', () => {
  it('retries 503s and a 500 until the provider answers; only the answered attempt is charged', async () => {
    const statuses = [503, 500];
    const harness = await hostile((_req, res) => {
      const s = statuses.shift();
      if (s) sendJson(res, s, '{"error":{"message":"overloaded"}}');
      else sendJson(res, 200, chatJson({ prompt_tokens: 7, completion_tokens: 3 }));
    }, { gateway: { retry: fast } });
    const r = await post(harness);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-iron-cage-attempts')).toBe('3');
    expect(up!.hits).toBe(3);
    expect(harness.calls()).toHaveLength(1);
    expect(harness.calls()[0]).toMatchObject({ state: 'settled', outcome: 'ok', input_tokens: 7, output_tokens: 3 });
    ledgerSound(harness);
  });

  it('honours Retry-After on a 429', async () => {
    let first = true;
    const harness = await hostile((_req, res) => {
      if (first) {
        first = false;
        sendJson(res, 429, '{"error":{"message":"slow down"}}', { 'retry-after': '1' });
      } else sendJson(res, 200, chatJson({ prompt_tokens: 7, completion_tokens: 3 }));
    }, { gateway: { retry: fast } });
    const started = Date.now();
    const r = await post(harness);
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    ledgerSound(harness);
  });

  it('relays the last failure after its retries (emulator #emu:status=503) and charges nothing', async () => {
    h = await startHarness({ gateway: { retry: { ...fast, retries: 3 } } });
    const before = h.emu.requests.length;
    const r = await post(h, 'fail #emu:status=503');
    expect(r.status).toBe(503);
    expect(h.emu.requests.length - before).toBe(4);
    expect(h.calls().at(-1)).toMatchObject({ state: 'released', cost_micros: 0 });
    ledgerSound(h);
  });

  it('retries a refused connection and then says the provider could not be reached', async () => {
    h = await startHarness({ gateway: { retry: fast } });
    h.rt.providers.update('oa', { baseUrl: 'http://127.0.0.1:9/v1' }, 'test');
    const r = await post(h);
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/could not be reached/);
    ledgerSound(h);
  });

  it('never retries once the answer has started (#emu:drop-after)', async () => {
    h = await startHarness({ gateway: { retry: fast } });
    const before = h.emu.requests.length;
    await post(h, 'long #emu:output-tokens=50 #emu:drop-after=3', true);
    expect(h.emu.requests.length - before).toBe(1);
    expect(h.calls().at(-1)).toMatchObject({ state: 'settled', outcome: 'upstream_dropped' });
    ledgerSound(h);
  });
});

describe('circuit breaker and timeouts', () => {
  it('opens after consecutive failures and fails fast without calling the provider', async () => {
    const harness = await hostile((_req, res) => sendJson(res, 502, '{"error":{"message":"bad gateway"}}'), {
      gateway: { retry: { ...fast, retries: 0, breakerThreshold: 2, breakerOpenMs: 60_000 } },
    });
    expect((await post(harness)).status).toBe(502);
    expect((await post(harness)).status).toBe(502);
    const hits = up!.hits;
    const r = await post(harness);
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/circuit breaker is open/);
    expect(up!.hits).toBe(hits);
    ledgerSound(harness);
  });

  it('gives up on a provider that never starts answering (#emu:hang) and releases the reservation', async () => {
    h = await startHarness({ gateway: { retry: { ...fast, firstByteTimeoutMs: 300 } } });
    const r = await post(h, 'wait #emu:hang');
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/did not start answering within 0.3 s/);
    expect(h.calls().at(-1)).toMatchObject({ state: 'released' });
    ledgerSound(h);
  });

  it('ends a stream that goes silent (#emu:chunk-delay-ms) and charges what was seen', async () => {
    h = await startHarness({ gateway: { retry: { ...fast, idleTimeoutMs: 300 } } });
    const r = await post(h, 'slow #emu:output-tokens=20 #emu:chunk-delay-ms=2000', true);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/broke off the stream/);
    expect(h.calls().at(-1)).toMatchObject({ state: 'settled', outcome: 'upstream_dropped' });
    ledgerSound(h);
  });
});
