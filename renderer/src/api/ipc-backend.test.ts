import { describe, expect, it, vi } from 'vitest';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import { isAppError } from '../../../core/src/domain/errors.ts';
import { createIpcBackend, type IronCageBridge } from './ipc-backend.ts';

describe('the desktop (IPC) backend', () => {
  it('calls operations through the bridge and rebuilds errors from their envelopes, codes intact', async () => {
    const invoke = vi.fn<IronCageBridge['invoke']>(async (op) =>
      op === 'agents.list' ? { ok: true, result: [] } : { ok: false, error: { code: 'NOT_FOUND', status: 404, message: 'no agent named "x"' } },
    );
    const b = createIpcBackend({ invoke, on: () => () => undefined });
    expect(b.kind).toBe('ipc');
    expect(b.auth).toBeNull();
    expect(await b.client.call('agents.list', {})).toEqual([]);
    const e = await b.client.call('agents.get', { name: 'x' }).catch((err: unknown) => err);
    expect(isAppError(e, 'NOT_FOUND')).toBe(true);
    expect(invoke).toHaveBeenCalledWith('agents.get', { name: 'x' });
  });

  it('listens on app:event and unsubscribes', () => {
    let listener: ((e: AdminEvent) => void) | undefined;
    const off = vi.fn();
    const b = createIpcBackend({ invoke: vi.fn(), on: (channel, l) => {
      expect(channel).toBe('app:event');
      listener = l;
      return off;
    } });
    const got: AdminEvent[] = [];
    const states: string[] = [];
    const stop = b.subscribe((e) => got.push(e), (s) => states.push(s));
    listener!({ type: 'agent.changed', at: 1, agentName: 'bot', change: 'suspended' });
    expect(got).toHaveLength(1);
    expect(states).toEqual(['live']);
    stop();
    expect(off).toHaveBeenCalled();
    expect(b.gatewayUrl).toBe('http://127.0.0.1:8733');
  });
});
