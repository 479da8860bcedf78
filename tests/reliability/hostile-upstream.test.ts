import { gzipSync } from 'node:zlib';
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

async function setup(handle: HostileHandler, opts: HarnessOptions = {}): Promise<Harness> {
  up = await startHostileUpstream(handle);
  h = await startHarness(opts);
  h.rt.providers.update('oa', { baseUrl: `${up.url}/v1` }, 'test');
  return h;
}

async function call(harness: Harness, stream = false): Promise<{ status: number; text: string; headers: Headers }> {
  const r = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi there' }] }),
  });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

/** The ledger after any call: nothing left reserved, no negative or NaN spend. */
function ledgerSound(harness: Harness): void {
  const b = harness.budget();
  expect(b.reserved).toBe(0);
  expect(Number.isSafeInteger(b.spent) && b.spent >= 0).toBe(true);
  for (const c of harness.calls()) {
    expect(c.state).not.toBe('reserved');
    expect(Number.isSafeInteger(c.cost_micros) && c.cost_micros >= 0 && c.cost_micros <= c.reserved_micros).toBe(true);
  }
}

const usage = { prompt_tokens: 8, completion_tokens: 4 };

describe('a hostile upstream', () => {
  it('is not followed when it redirects to another host, and the call costs nothing', async () => {
    const harness = await setup((_req, res) => {
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    });
    const r = await call(harness);
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/answered 307.*redirect to http:\/\/169\.254\.169\.254.*does not follow/);
    expect(up!.hits).toBe(1);
    expect(harness.calls().at(-1)).toMatchObject({ state: 'released', cost_micros: 0 });
    ledgerSound(harness);
  });

  it('gets no charge for a 204 with no body', async () => {
    const harness = await setup((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const r = await call(harness);
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/answered 204 without a result/);
    expect(harness.calls().at(-1)).toMatchObject({ state: 'released', cost_micros: 0 });
    ledgerSound(harness);
  });

  it('has a gzip answer decompressed for the client (never compressed bytes without their header)', async () => {
    const harness = await setup((_req, res) => {
      const body = gzipSync(chatJson(usage, 'zipped answer'));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    });
    const answer = await harness.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.message.content).toBe('zipped answer');
    expect(harness.calls().at(-1)).toMatchObject({ outcome: 'ok', input_tokens: 8, output_tokens: 4, usage_estimated: 0 });
    ledgerSound(harness);
  });

  it('cannot make the gateway inflate a gzip bomb past its answer cap', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20));
    const harness = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
        res.end(bomb);
      },
      { gateway: { maxUpstreamBytes: 2 * 1024 * 1024 } },
    );
    const before = process.memoryUsage().rss;
    const r = await call(harness);
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/answer exceeded 2097152 bytes/);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    const c = harness.calls().at(-1)!;
    // The provider may have done the work: the call is charged an estimate, never more than its reservation.
    expect(c.state).toBe('settled');
    expect(c.cost_micros).toBeGreaterThan(0);
    ledgerSound(harness);
  });

  it('stops a 10 MB event-stream line with an error event, and charges the call within its reservation', async () => {
    const harness = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'start' } }] })}\n\n`);
      res.write('data: ');
      const mb = 'x'.repeat(1024 * 1024);
      let sent = 0;
      const more = (): void => {
        if (res.destroyed || sent++ >= 10) return void res.end();
        res.write(mb, more);
      };
      more();
    });
    const r = await call(harness, true);
    expect(r.status).toBe(200);
    expect(r.text).toContain('start');
    expect(r.text).toMatch(/broke off the stream|exceeded/);
    expect(r.text.length).toBeLessThan(5 * 1024 * 1024);
    const c = harness.calls().at(-1)!;
    expect(c).toMatchObject({ state: 'settled', outcome: 'upstream_dropped' });
    expect(c.cost_micros).toBeGreaterThan(0);
    ledgerSound(harness);
  });

  it('sends an answer that is not JSON on, charging an estimate instead of nothing', async () => {
    const harness = await setup((_req, res) => sendJson(res, 200, '{"choices": [ this is not json'));
    const r = await call(harness);
    expect(r.status).toBe(200);
    const c = harness.calls().at(-1)!;
    expect(c).toMatchObject({ state: 'settled', usage_estimated: 1 });
    expect(c.cost_micros).toBeGreaterThan(0);
    ledgerSound(harness);
  });

  it('cannot make the gateway buffer an answer past its cap', async () => {
    const harness = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const mb = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const more = (): void => {
          if (res.destroyed || sent++ >= 20) return void res.end();
          res.write(mb, more);
        };
        more();
      },
      { gateway: { maxUpstreamBytes: 1024 * 1024 } },
    );
    const r = await call(harness);
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/answer exceeded 1048576 bytes/);
    expect(harness.calls().at(-1)).toMatchObject({ state: 'settled', outcome: 'upstream_dropped' });
    ledgerSound(harness);
  });
});
