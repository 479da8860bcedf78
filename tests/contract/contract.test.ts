import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransportClient, type ApiClient, type Envelope } from '../../core/src/contract/client.ts';
import type { AdminEvent } from '../../core/src/contract/events.ts';
import { createHttpClient } from '../../core/src/contract/http-client.ts';
import { bindIpc, IPC_INVOKE_CHANNEL } from '../../core/src/contract/ipc-binding.ts';
import { isAppError } from '../../core/src/domain/errors.ts';
import { createFakeIpc } from '../support/fake-ipc.ts';
import { PROVIDER_KEY, startHarness, waitFor, type Harness } from '../support/harness.ts';

interface Transport {
  name: string;
  client: ApiClient;
  /** Live events as the front end receives them. */
  events: AdminEvent[];
  close(): void;
}

async function httpTransport(h: Harness): Promise<Transport> {
  const events: AdminEvent[] = [];
  const ac = new AbortController();
  const res = await fetch(`${h.gateway.url}/admin/api/events`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` }, signal: ac.signal });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)) as AdminEvent);
      }
    }
  })().catch(() => undefined);
  return { name: 'http', client: createHttpClient({ baseUrl: h.gateway.url, token: h.gateway.adminToken }), events, close: () => ac.abort() };
}

function ipcTransport(h: Harness): Transport {
  const ipc = createFakeIpc();
  const unbind = bindIpc(ipc.ipcMain, {
    handlers: h.rt.handlers,
    events: h.rt.events,
    isTrustedSender: (e) => e.senderFrame?.url === ipc.senderUrl,
    targets: () => [ipc.webContents],
    actor: 'dashboard',
  });
  const client = createTransportClient((op, input) => ipc.invoke(IPC_INVOKE_CHANNEL, ipc.senderUrl, op, input) as Promise<Envelope>);
  return { name: 'ipc', client, events: ipc.received as AdminEvent[], close: unbind };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  throw new Error('expected the call to fail');
}

for (const make of [httpTransport, ipcTransport] as const) {
  describe(`the admin contract over ${make === httpTransport ? 'HTTP' : 'IPC'}`, () => {
    let h: Harness;
    let t: Transport;
    beforeAll(async () => {
      h = await startHarness();
      t = await make(h);
    });
    afterAll(async () => {
      t.close();
      await h.close();
    });

    it('creates an agent whose token works at the gateway, and lists it with its budget', async () => {
      const { agent, token } = await t.client.call('agents.create', { name: 'bot', budgetMicros: 2_000_000, period: 'daily', providerNames: ['oa'] });
      expect(agent).toMatchObject({ name: 'bot', status: 'active', budget: { limitMicros: 2_000_000, spentMicros: 0 } });
      const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(200);
      const listed = (await t.client.call('agents.list', {})).find((a) => a.name === 'bot')!;
      expect(listed.budget.spentMicros).toBeGreaterThan(0);
      await waitFor(() => t.events.some((e) => e.type === 'call.finished' && e.agentName === 'bot'), 3_000, 'the call.finished event');
    });

    it('updates, suspends (the gateway refuses at once), resumes, rotates and deletes', async () => {
      const updated = await t.client.call('agents.update', { name: 'bot', budgetMicros: 5_000_000, allowedModels: ['gpt-4o-mini'] });
      expect(updated).toMatchObject({ budgetMicros: 5_000_000, allowedModels: ['gpt-4o-mini'] });
      const { token } = await t.client.call('tokens.rotate', { agent: 'bot' });
      await t.client.call('agents.suspend', { name: 'bot' });
      const call = () =>
        fetch(`${h.gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
        });
      expect((await call()).status).toBe(403);
      await t.client.call('agents.resume', { name: 'bot' });
      expect((await call()).status).toBe(200);
      expect((await t.client.call('tokens.list', { agent: 'bot' })).filter((k) => k.revokedAt === null)).toHaveLength(1);
      expect(await t.client.call('agents.delete', { name: 'bot' })).toEqual({ deleted: true });
      expect(await codeOf(t.client.call('agents.get', { name: 'bot' }))).toBe('NOT_FOUND');
      expect(t.events.some((e) => e.type === 'agent.changed' && e.change === 'suspended')).toBe(true);
    });

    it('adds a provider but never sends its key back, only the last four characters', async () => {
      const key = 'sk-contract-test-key-1234567890-ABCD';
      const added = await t.client.call('providers.add', { name: 'extra', type: 'openai', baseUrl: `${h.emu.url}/v1`, key });
      expect(added).toMatchObject({ name: 'extra', hasKey: true, last4: 'ABCD' });
      const rotated = await t.client.call('providers.rotateKey', { name: 'extra', key: PROVIDER_KEY });
      const listed = await t.client.call('providers.list', {});
      const everything = JSON.stringify([added, rotated, listed, t.events]);
      expect(everything).not.toContain(key);
      expect(everything).not.toContain(PROVIDER_KEY);
      expect(everything).not.toMatch(/v1:[A-Za-z0-9+/=]{20,}/);
      expect(await t.client.call('providers.test', { name: 'extra' })).toMatchObject({ ok: true, status: 200 });
      expect(await t.client.call('providers.remove', { name: 'extra' })).toEqual({ removed: true });
      expect(await codeOf(t.client.call('providers.remove', { name: 'oa' }))).toBe('CONFLICT');
    });

    it('reports a provider that refuses its key', async () => {
      await t.client.call('providers.add', { name: 'badkey', type: 'openai', baseUrl: `${h.emu.url}/v1`, key: 'sk-wrong-key-000000000000000' });
      expect(await t.client.call('providers.test', { name: 'badkey' })).toMatchObject({ ok: false, status: 401 });
    });

    it('sets, looks up and removes price overrides, which the gateway applies at once', async () => {
      await t.client.call('prices.set', { model: 'my-local-model', inputPerMtok: 1_000_000, outputPerMtok: 2_000_000 });
      expect(await t.client.call('prices.lookup', { provider: 'oa', model: 'my-local-model' })).toMatchObject({ inputPerMtok: 1_000_000, source: 'override' });
      expect((await t.client.call('prices.list', {})).map((p) => p.model)).toContain('my-local-model');
      await t.client.call('prices.remove', { model: 'my-local-model' });
      expect(await t.client.call('prices.lookup', { provider: 'oa', model: 'my-local-model' })).toBeNull();
    });

    it('tells which host runs the gateway, where it listens and how keys are protected', async () => {
      expect(await t.client.call('host.status', {})).toEqual({
        host: 'headless',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        gatewayUrl: h.gateway.url,
        secretStore: { kind: 'key-file', warning: null },
      });
    });

    it('reads and changes settings, refusing an unknown time zone', async () => {
      expect(await t.client.call('settings.update', { timezone: 'Europe/Paris' })).toMatchObject({ timezone: 'Europe/Paris', timezoneIsSystemDefault: false });
      expect(await codeOf(t.client.call('settings.update', { timezone: 'Mars/Olympus' }))).toBe('INVALID_INPUT');
      expect((await t.client.call('settings.get', {})).timezone).toBe('Europe/Paris');
    });

    it('answers usage and the call log from the ledger', async () => {
      await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'log me' }] });
      const calls = await t.client.call('calls.list', { agent: 'agent-1', limit: 5 });
      expect(calls[0]).toMatchObject({ agentName: 'agent-1', model: 'gpt-4o-mini', state: 'settled', outcome: 'ok' });
      const usage = await t.client.call('usage.summary', { agent: 'agent-1' });
      expect(usage[0]!.costMicros).toBeGreaterThan(0);
    });

    it('refuses unknown operations and invalid input with codes, never with stacks', async () => {
      const client = t.client as unknown as { call(op: string, input: unknown): Promise<unknown> };
      expect(await codeOf(client.call('agents.explode', {}))).toBe('UNKNOWN_OPERATION');
      expect(await codeOf(client.call('agents.create', { name: 'x', budgetMicros: -1 }))).toBe('INVALID_INPUT');
      expect(await codeOf(client.call('agents.create', { name: 'bad name!', budgetMicros: 1 }))).toBe('INVALID_INPUT');
      expect(await codeOf(client.call('agents.suspend', { name: 'ghost' }))).toBe('NOT_FOUND');
      expect(await codeOf(client.call('agents.create', 'not an object'))).toBe('INVALID_INPUT');
      const failure = await client.call('agents.create', { name: 'x' }).catch((e: unknown) => e as Error);
      expect(String((failure as Error).message)).not.toMatch(/\.ts:\d+/);
    });
  });
}

describe('the IPC binding', () => {
  it('refuses calls from a frame that is not the app', async () => {
    const h = await startHarness();
    try {
      const ipc = createFakeIpc();
      const unbind = bindIpc(ipc.ipcMain, {
        handlers: h.rt.handlers,
        events: h.rt.events,
        isTrustedSender: (e) => e.senderFrame?.url === ipc.senderUrl,
        targets: () => [ipc.webContents],
        actor: 'dashboard',
      });
      const reply = (await ipc.invoke(IPC_INVOKE_CHANNEL, 'https://evil.example/', 'agents.list', {})) as Envelope;
      expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
      unbind();
    } finally {
      await h.close();
    }
  });
});
