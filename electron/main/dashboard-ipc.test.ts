import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../core/src/contract/client.ts';
import type { Handlers } from '../../core/src/contract/handlers/types.ts';
import { IPC_INVOKE_CHANNEL } from '../../core/src/contract/ipc-binding.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import { openRuntime, type Runtime } from '../../core/src/node/runtime.ts';
import { createFakeIpc } from '../../tests/support/fake-ipc.ts';
import { APP_ENTRY_URL, APP_ORIGIN } from './app-protocol.ts';
import { bindDashboardIpc } from './dashboard-ipc.ts';
import { createSenderCheck } from './sender-check.ts';

// The fake IPC's sender is webContents 1, like the app's only window.
const OUR_WINDOW_ID = 1;

describe('the desktop IPC wiring', () => {
  let dir: string;
  let rt: Runtime;
  let handlers: Handlers;
  let ipc: ReturnType<typeof createFakeIpc>;
  let unbind: () => void;
  let windowId: number;
  const call = (op: unknown, input: unknown = {}, from = APP_ENTRY_URL) =>
    ipc.invoke(IPC_INVOKE_CHANNEL, from, op, input) as Promise<Envelope>;
  const code = (e: Envelope) => (e.ok ? 'OK' : e.error.code);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ic-desktop-ipc-'));
    rt = openRuntime({ dataDir: dir, logger: silentLogger });
    // A copy of the handler table whose list operation is watched: refused calls must never reach it.
    handlers = { ...rt.handlers, 'agents.list': vi.fn(rt.handlers['agents.list']) };
    ipc = createFakeIpc(APP_ENTRY_URL);
    windowId = OUR_WINDOW_ID;
    unbind = bindDashboardIpc(ipc.ipcMain, { handlers, events: rt.events }, {
      origin: APP_ORIGIN,
      windows: () => [{ webContents: { ...ipc.webContents, id: windowId } }],
    });
  });
  afterEach(() => {
    unbind();
    rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers our window on the app origin, through the contract, with the dashboard as actor', async () => {
    const created = await call('agents.create', { name: 'bot', budgetMicros: 5_000_000 });
    expect(code(created)).toBe('OK');
    const listed = await call('agents.list', {}, `${APP_ENTRY_URL}#/agents`);
    expect(listed).toMatchObject({ ok: true, result: [{ name: 'bot', status: 'active' }] });
    const audit = await rt.client('test').call('audit.list', {});
    expect(audit.find((r) => r.action.includes('agent') && r.target?.includes('bot'))?.actor).toBe('dashboard');
  });

  it('refuses every other page or frame before any handler runs', async () => {
    for (const url of ['https://evil.example/index.html', 'file:///etc/passwd', 'app://other/index.html', 'http://127.0.0.1:8733/', 'about:blank', 'not a url']) {
      expect(code(await call('agents.list', {}, url))).toBe('FORBIDDEN');
    }
    windowId = 99; // a webContents that is not our window, even on our origin
    expect(code(await call('agents.list'))).toBe('FORBIDDEN');
    expect(handlers['agents.list']).not.toHaveBeenCalled();
  });

  it('lets only the contract\'s operations through, with validated input', async () => {
    for (const op of ['store.db', '__proto__', 'constructor', 'toString', 'agents', 'shell.openExternal', 42, null]) {
      const reply = await call(op);
      expect(reply.ok).toBe(false);
      expect(['UNKNOWN_OPERATION', 'INVALID_INPUT']).toContain(code(reply));
    }
    expect(code(await call('agents.create', { name: '../../etc', budgetMicros: -1 }))).toBe('INVALID_INPUT');
    expect(code(await call('agents.list', { unexpected: { __proto__: { polluted: true } } }))).toBe('OK');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('sends live events to the window and stops when unbound', () => {
    rt.events.publish({ type: 'agent.changed', at: 1, agentName: 'bot', change: 'suspended' });
    expect(ipc.received).toEqual([{ type: 'agent.changed', at: 1, agentName: 'bot', change: 'suspended' }]);
    unbind();
    rt.events.publish({ type: 'agent.changed', at: 2, agentName: 'bot', change: 'resumed' });
    expect(ipc.received).toHaveLength(1);
  });
});

describe('the sender check', () => {
  const check = createSenderCheck({ origin: APP_ORIGIN, isOurWebContents: (id) => id === 1 });
  const event = (url: string, parent: unknown = null, id = 1) => ({ sender: { id }, senderFrame: { url, parent } });

  it('trusts only the top frame of our window on our exact origin', () => {
    expect(check(event('app://iron-cage/index.html'))).toBe(true);
    expect(check(event('app://iron-cage/index.html', { url: 'app://iron-cage/' }))).toBe(false);
    expect(check(event('app://iron-cage.evil/index.html'))).toBe(false);
    expect(check(event('app://iron-cage:8080/index.html'))).toBe(false);
    expect(check(event('app://iron-cage/index.html', null, 2))).toBe(false);
    expect(check({ sender: { id: 1 }, senderFrame: null })).toBe(false);
  });

  it('trusts the dev server only when it is the configured origin', () => {
    const dev = createSenderCheck({ origin: 'http://localhost:5173', isOurWebContents: () => true });
    expect(dev(event('http://localhost:5173/'))).toBe(true);
    expect(dev(event('http://localhost:5174/'))).toBe(false);
    expect(dev(event('app://iron-cage/index.html'))).toBe(false);
  });
});
