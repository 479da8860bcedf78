import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startHarness, type Harness } from '../support/harness.ts';
import { chatJson, sendJson, startHostileUpstream, type HostileUpstream } from '../support/hostile-upstream.ts';

const OTHER_KEY = 'sk-ant-OTHER-provider-key-9876543210zyxw';

let h: Harness | undefined;
let up: HostileUpstream | undefined;
afterEach(async () => {
  await h?.close();
  await up?.close();
  h = up = undefined;
});

async function setup(handle: Parameters<typeof startHostileUpstream>[0]): Promise<Harness> {
  up = await startHostileUpstream(handle);
  // Guardrails off: the scrubber must hold on its own, also on the byte-for-byte stream path.
  h = await startHarness({ gateway: { guardrails: false } });
  h.rt.providers.update('oa', { baseUrl: `${up.url}/v1` }, 'test');
  // A second configured provider whose key the hostile upstream somehow knows: it must not leak either.
  await h.rt.providers.add({ name: 'other', type: 'anthropic', baseUrl: `${up.url}/v1`, key: OTHER_KEY }, 'test');
  return h;
}

async function raw(harness: Harness, stream = false): Promise<{ status: number; text: string }> {
  const r = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 50, stream, ...(stream ? { stream_options: { include_usage: true } } : {}), messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: r.status, text: await r.text() };
}

function expectNoKey(text: string): void {
  for (const key of [PROVIDER_KEY, OTHER_KEY]) {
    expect(text).not.toContain(key);
    expect(text).not.toContain(Buffer.from(key).toString('base64').slice(0, 40));
    expect(text).not.toContain(Buffer.from(`x${key}`).toString('base64').slice(4, 40));
    expect(text).not.toContain(Buffer.from(key).toString('base64url').slice(0, 40));
    expect(text).not.toContain([...key].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join(''));
    expect(text).not.toContain([...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
  }
}

describe('provider keys never reach the agent', () => {
  it('scrubs a key echoed in an upstream error body, in all its common encodings', async () => {
    const harness = await setup((req, res) => {
      const auth = String(req.headers.authorization);
      const key = auth.slice('Bearer '.length);
      const pct = [...key].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
      const uni = [...OTHER_KEY].map((c) => `\\\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      const body = `{"error":{"message":"bad key ${key} (${Buffer.from(key).toString('base64')}) ${Buffer.from(`x${OTHER_KEY}`).toString('base64')} ${pct} ${Buffer.from(key).toString('base64url')} ${OTHER_KEY} ${uni}"}}`;
      sendJson(res, 401, body);
    });
    const r = await raw(harness);
    expect(r.status).toBe(401);
    expect(r.text).toContain('bad key [key removed]');
    expectNoKey(r.text);
    expect(harness.budget()).toMatchObject({ reserved: 0, spent: 0 });
  });

  it('scrubs a key in a successful JSON answer', async () => {
    const harness = await setup((_req, res) => sendJson(res, 200, chatJson({ prompt_tokens: 5, completion_tokens: 5 }, `here: ${PROVIDER_KEY}`)));
    const answer = await harness.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.message.content).toMatch(/^here: \[key removed\]\**$/);
    expect(harness.calls().at(-1)).toMatchObject({ state: 'settled', outcome: 'ok' });
  });

  it('scrubs a key split across stream chunks, without holding back ordinary events', async () => {
    const harness = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = (content: string): string =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content } }] })}\n\n`;
      const text = event(`leak ${PROVIDER_KEY} end`);
      const cut = text.indexOf(PROVIDER_KEY) + 10;
      res.write(text.slice(0, cut));
      setTimeout(() => {
        res.write(text.slice(cut));
        res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 5, completion_tokens: 5 } })}\n\n`);
        res.end('data: [DONE]\n\n');
      }, 30);
    });
    const r = await raw(harness, true);
    expect(r.status).toBe(200);
    expect(r.text).toContain('leak [key removed]');
    expectNoKey(r.text);
    expect(r.text).toContain('[DONE]');
  });
});
