import { afterEach, describe, expect, it } from 'vitest';
import { fakeSecrets } from '../../core/src/guard/testing/fake-values.ts';
import { startHarness, type Harness } from '../support/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function post(harness: Harness, body: string): Promise<{ status: number; json: { error?: { message?: string; code?: string } } }> {
  const r = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
    body,
  });
  return { status: r.status, json: (await r.json()) as { error?: { message?: string } } };
}

describe('hostile request bodies', () => {
  it.each([
    ['in a message', (deep: string) => `{"model":"gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":"hi","x":${deep}}]}`],
    ['in metadata', (deep: string) => `{"model":"gpt-4o-mini","max_tokens":10,"metadata":${deep},"messages":[{"role":"user","content":"hi"}]}`],
    ['as the content', (deep: string) => `{"model":"gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":${deep}}]}`],
  ])('refuses a body nested 100,000 levels deep %s with a clear 400 and no reservation', async (_where, shape) => {
    h = await startHarness();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    for (let i = 0; i < 3; i++) {
      const r = await post(h, shape(deep));
      expect(r.status).toBe(400);
      expect(r.json.error?.message).toMatch(/nested/);
    }
    expect(h.budget()).toMatchObject({ reserved: 0, spent: 0 });
    expect(h.calls().filter((c) => c.state === 'reserved')).toHaveLength(0);
    // The gateway still serves.
    const ok = await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.choices.length).toBe(1);
  });

  it('scans a 6 MB body in slices and still blocks a secret in its middle, releasing nothing it did not reserve', async () => {
    h = await startHarness();
    const key = new Map(fakeSecrets(5)).get('OPENAI_API_KEY')!;
    const filler = 'plain words here. '.repeat(180_000);
    const body = JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: `${filler} ${key} ${filler}` }] });
    const health = (async () => {
      let answered = 0;
      for (let i = 0; i < 20; i++) if ((await fetch(`${h!.gateway.url}/healthz`)).ok) answered++;
      return answered;
    })();
    const r = await post(h, body);
    expect(r.status).toBe(403);
    expect(r.json.error?.message).toMatch(/OPENAI_API_KEY/);
    expect(await health).toBe(20);
    expect(h.budget()).toMatchObject({ reserved: 0, spent: 0 });
  });
});
