import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ gateway: { maxBodyBytes: 64 * 1024 }, models: ['gpt-4o-mini', 'claude-3-5-haiku-latest', 'unpriced-model-x'] });
});
afterAll(async () => {
  await h.close();
});

/** Everything the ledger holds: a request that is turned away must leave it exactly as it was. */
function ledgerSnapshot() {
  const db = h.rt.store.db;
  return {
    usage: db.prepare('SELECT * FROM agent_spend ORDER BY agent_id').all(),
    buckets: db.prepare('SELECT * FROM spend_buckets ORDER BY agent_id, hour_start').all(),
    calls: db.prepare('SELECT id, state, cost_micros FROM calls ORDER BY id').all(),
  };
}

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code?: string; message?: string; type?: string }; type?: string } };
}

const chat = (extra: object = {}) => JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('bad input gets a clear error and changes nothing in the ledger', () => {
  const cases: [string, () => Promise<{ status: number; body: { error?: { code?: string; message?: string } } }>, number, string][] = [
    ['malformed JSON', () => post('/v1/chat/completions', '{"model": "gpt-4o-mini", '), 400, 'invalid_request'],
    ['a JSON array body', () => post('/v1/chat/completions', '[1,2]'), 400, 'invalid_request'],
    ['a body without a model', () => post('/v1/chat/completions', JSON.stringify({ messages: [] })), 400, 'invalid_request'],
    ['a body over the size limit', () => post('/v1/chat/completions', chat({ pad: 'x'.repeat(100 * 1024) })), 413, 'request_too_large'],
    ['an unknown route', () => post('/v1/chat/completion', chat()), 404, 'not_found'],
    ['a missing token', () => post('/v1/chat/completions', chat(), { authorization: '' }), 401, 'invalid_ic_token'],
    ['a garbled token', () => post('/v1/chat/completions', chat(), { authorization: 'Bearer ic_garbled' }), 401, 'invalid_ic_token'],
    ['a provider key instead of an IC token', () => post('/v1/chat/completions', chat(), { authorization: 'Bearer sk-proj-abc' }), 401, 'invalid_ic_token'],
    ['an Anthropic call without max_tokens', () => post('/v1/messages', JSON.stringify({ model: 'claude-3-5-haiku-latest', messages: [] })), 400, 'invalid_request'],
  ];
  for (const [what, send, status, code] of cases) {
    it(what, async () => {
      const before = ledgerSnapshot();
      const r = await send();
      expect(r.status).toBe(status);
      expect(r.body.error?.code).toBe(code);
      expect(r.body.error?.message).toBeTruthy();
      expect(ledgerSnapshot()).toEqual(before);
    });
  }

  it('answers errors of the Anthropic API in its own shape', async () => {
    const r = await post('/v1/messages', '{oops', { 'anthropic-version': '2023-06-01' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_request' } });
  });

  it('hints at a base URL missing /v1', async () => {
    const r = await post('/chat/completions', chat());
    expect(r.status).toBe(404);
    expect(r.body.error?.message).toContain('/v1/chat/completions');
  });
});

describe('policy refusals are recorded but spend nothing', () => {
  it('refuses a model outside the allow-list', async () => {
    const before = h.budget();
    await expect(
      h.openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });
    expect(h.budget()).toEqual(before);
    expect(h.calls().at(-1)).toMatchObject({ state: 'refused', outcome: 'model_not_allowed', cost_micros: 0 });
  });

  it('refuses a model with no known price instead of letting it run free', async () => {
    await expect(
      h.openai.chat.completions.create({ model: 'unpriced-model-x', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 400, code: 'unknown_model_price' });
    expect(h.emu.requests.some((r) => (r.body as { model?: string })?.model === 'unpriced-model-x')).toBe(false);
  });

  it('releases the reservation when the provider fails (429, 500) and passes its error on', async () => {
    for (const status of [429, 500]) {
      const before = h.budget();
      await expect(
        h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: `#emu:status=${status}` }] }),
      ).rejects.toMatchObject({ status });
      expect(h.budget()).toEqual(before);
      expect(h.calls().at(-1)).toMatchObject({ state: 'released', outcome: 'upstream_error', http_status: status });
    }
  });

  it('refuses a revoked token at once, and accepts the rotated one', async () => {
    const old = h.token;
    const { token } = h.rt.agents.rotateToken('agent-1', 'test');
    const res = await post('/v1/chat/completions', chat(), { authorization: `Bearer ${old}` });
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'invalid_ic_token' } } });
    const ok = await post('/v1/chat/completions', chat(), { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    h.token = token;
  });

  it('refuses a suspended agent, and lets it call again when resumed', async () => {
    h.rt.agents.setStatus('agent-1', 'suspended', 'test');
    const r = await post('/v1/chat/completions', chat());
    expect(r).toMatchObject({ status: 403, body: { error: { code: 'agent_suspended' } } });
    h.rt.agents.setStatus('agent-1', 'active', 'test');
    expect((await post('/v1/chat/completions', chat())).status).toBe(200);
  });
});
