import { describe, expect, it, vi } from 'vitest';
import { OPERATIONS } from '../../core/src/contract/operations.ts';
import type { DesktopBridge } from './bridge.ts';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, result: [] })),
    on: vi.fn(),
    removeListener: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

await import('./index.ts');
const [key, bridge] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, DesktopBridge];

describe('the preload', () => {
  it('exposes exactly invoke and on, once, as window.ironCage', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(key).toBe('ironCage');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.on).toBe('function');
    // Not ipcRenderer, nor any of its methods handed over as they are.
    for (const value of Object.values(bridge)) expect(Object.values(electron.ipcRenderer)).not.toContain(value);
  });

  it('sends every contract operation on app:invoke, and only there', async () => {
    for (const op of Object.keys(OPERATIONS)) {
      await bridge.invoke(op as keyof typeof OPERATIONS, { x: 1 });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('app:invoke', op, { x: 1 });
    }
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled();
  });

  it('refuses what cannot be an operation without touching IPC', async () => {
    electron.ipcRenderer.invoke.mockClear();
    for (const op of ['app:invoke', 'ELECTRON_BROWSER_WINDOW_CLOSE', '__proto__', '', 'a'.repeat(200), 7, null]) {
      const reply = await bridge.invoke(op as never);
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('listens on app:event only, and hands the listener the event alone', () => {
    const seen: unknown[] = [];
    const off = bridge.on('app:event', (e) => seen.push(e));
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, forward] = electron.ipcRenderer.on.mock.calls[0] as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe('app:event');
    const ipcEvent = { sender: electron.ipcRenderer, ports: [] };
    forward(ipcEvent, { type: 'agent.changed', agentName: 'bot' });
    expect(seen).toEqual([{ type: 'agent.changed', agentName: 'bot' }]);

    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('app:event', forward);
    for (const other of ['app:invoke', 'ELECTRON_BROWSER_WINDOW_CLOSE', 'agent.changed']) {
      expect(() => bridge.on(other as 'app:event', () => undefined)).toThrow(/only app:event/);
    }
    expect(() => bridge.on('app:event', 'alert(1)' as never)).toThrow(/function/);
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
  });
});
