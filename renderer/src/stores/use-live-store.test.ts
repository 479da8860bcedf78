import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import type { LiveState } from '../api/backend.ts';
import { agentView, setup } from '../testing/fake-backend.ts';
import { useAgentsStore } from './use-agents-store.ts';
import { useCallsStore } from './use-calls-store.ts';
import { useLiveStore } from './use-live-store.ts';
import { useSessionStore } from './use-session-store.ts';

describe('the live store', () => {
  it('fans events out to the log and the agents', async () => {
    vi.useFakeTimers();
    const { backend } = setup({ 'calls.list': () => [], 'agents.get': () => agentView('bot', { status: 'suspended' }) });
    await useCallsStore().load();
    const live = useLiveStore();
    live.start();
    expect(live.state).toBe('live');
    const e: AdminEvent = { type: 'call.refused', at: 5, agentName: 'bot', model: 'm', code: 'agent_suspended' };
    backend.emit(e);
    expect(useCallsStore().entries).toHaveLength(1);
    expect(live.lastEventAt).toBe(5);
    await vi.runAllTimersAsync();
    expect(useAgentsStore().byName.get('bot')?.status).toBe('suspended');
    live.end();
    expect(live.state).toBe('off');
    vi.useRealTimers();
  });

  it('notices an ended session when the event stream keeps failing', async () => {
    let report: ((s: LiveState) => void) | undefined;
    let loggedIn = true;
    const { backend } = setup({}, { isLoggedIn: async () => loggedIn, login: async () => undefined, logout: async () => undefined });
    backend.subscribe = (_l, onState) => {
      report = onState;
      return () => undefined;
    };
    const session = useSessionStore();
    await session.start();
    useLiveStore().start();
    loggedIn = false;
    report!('reconnecting');
    await flushPromises();
    expect(session.state).toBe('out');
  });
});
