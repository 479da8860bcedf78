import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** Raw requests (undici lets a test set Host and Origin, which fetch forbids). */
async function admin(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const res = await request(`${h.gateway.url}/admin/api${path}`, {
    method: (opts.method ?? 'POST') as 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.gateway.adminToken}`, ...opts.headers },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? (JSON.parse(text) as { result?: unknown; error?: { code: string; message: string } }) : undefined };
}

describe('the HTTP admin API refuses', () => {
  it('a request without a token, or with a wrong one', async () => {
    expect(await admin('/agents.list', { body: '{}', headers: { authorization: '' } })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect(await admin('/agents.list', { body: '{}', headers: { authorization: 'Bearer ica_wrong' } })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    // An IC token is not an admin token.
    expect(await admin('/agents.list', { body: '{}', headers: { authorization: `Bearer ${h.token}` } })).toMatchObject({ status: 401 });
  });

  it('a foreign Host (DNS rebinding) or a foreign Origin (cross-site), even with the right token', async () => {
    expect(await admin('/agents.list', { body: '{}', headers: { host: 'evil.example:8733' } })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await admin('/agents.list', { body: '{}', headers: { origin: 'https://evil.example' } })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await admin('/agents.list', { body: '{}', headers: { origin: 'null' } })).toMatchObject({ status: 403 });
    const own = new URL(h.gateway.url);
    expect(await admin('/agents.list', { body: '{}', headers: { origin: own.origin } })).toMatchObject({ status: 200 });
  });

  it('oversized and malformed bodies, unknown operations, wrong methods', async () => {
    expect(await admin('/agents.list', { body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) })).toMatchObject({ status: 413, body: { error: { code: 'REQUEST_TOO_LARGE' } } });
    expect(await admin('/agents.create', { body: '{"name": ' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(await admin('/agents.create', { body: '{"name": "ok", "budgetMicros": "lots"}' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(await admin('/agents.obliterate', { body: '{}' })).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_OPERATION' } } });
    expect(await admin('/agents.list', { method: 'GET' })).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } });
  });

  it('sends no permissive CORS headers', async () => {
    const r = await admin('/agents.list', { body: '{}', headers: { origin: new URL(h.gateway.url).origin } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lists its operations for a valid caller', async () => {
    const r = await admin('', { method: 'GET' });
    expect(r.status).toBe(200);
    expect((r.body as unknown as { operations: { name: string }[] }).operations.map((o) => o.name)).toContain('agents.suspend');
  });
});

describe('admin changes made over HTTP', () => {
  it('are audited as the dashboard', async () => {
    const r = await admin('/agents.suspend', { body: JSON.stringify({ name: 'agent-1' }) });
    expect(r.status).toBe(200);
    const row = h.rt.store.db.prepare("SELECT actor, action, target FROM audit_log WHERE action = 'agent.suspended' ORDER BY seq DESC LIMIT 1").get();
    expect(row).toEqual({ actor: 'dashboard', action: 'agent.suspended', target: 'agent-1' });
  });
});
