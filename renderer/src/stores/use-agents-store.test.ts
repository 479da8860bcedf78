import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { agentView, appErr, deferred, setup } from '../testing/fake-backend.ts';
import { useAgentsStore, type AgentView } from './use-agents-store.ts';
import { useSessionStore } from './use-session-store.ts';

describe('the agents store', () => {
  afterEach(() => vi.useRealTimers());

  it('loads agents sorted by name', async () => {
    setup({ 'agents.list': () => [agentView('zeta'), agentView('alpha')] });
    const store = useAgentsStore();
    await store.load();
    expect(store.names).toEqual(['alpha', 'zeta']);
    expect(store.loaded).toBe(true);
    expect(store.error).toBeNull();
  });

  it('keeps a failed load as an error with its code, and fails loudly on an unmocked call', async () => {
    setup({ 'agents.list': () => Promise.reject(appErr('INTERNAL', 'database is locked')) });
    const store = useAgentsStore();
    await store.load();
    expect(store.error).toEqual({ code: 'INTERNAL', message: 'database is locked' });
    expect(store.loaded).toBe(false);
    await expect(store.rotateToken('x')).rejects.toMatchObject({ code: 'UNEXPECTED', message: 'unmocked operation tokens.rotate' });
  });

  describe('the kill switch', () => {
    let reply: ReturnType<typeof deferred<AgentView>>;
    beforeEach(async () => {
      reply = deferred<AgentView>();
      setup({ 'agents.list': () => [agentView('bot')], 'agents.suspend': () => reply.promise });
      await useAgentsStore().load();
    });

    it('shows the agent suspended at once, before the gateway answers', async () => {
      const store = useAgentsStore();
      const done = store.setSuspended('bot', true);
      expect(store.byName.get('bot')!.status).toBe('suspended');
      expect(store.busy.bot).toBe(true);
      reply.resolve(agentView('bot', { status: 'suspended', updatedAt: 99 }));
      await done;
      expect(store.byName.get('bot')).toMatchObject({ status: 'suspended', updatedAt: 99 });
      expect(store.busy.bot).toBeUndefined();
    });

    it('puts the old status back when the gateway refuses', async () => {
      const store = useAgentsStore();
      const done = store.setSuspended('bot', true);
      reply.reject(appErr('NOT_FOUND', 'no agent named "bot"'));
      await expect(done).rejects.toEqual({ code: 'NOT_FOUND', message: 'no agent named "bot"' });
      expect(store.byName.get('bot')!.status).toBe('active');
    });
  });

  it('removes an agent at once and brings it back if the delete fails', async () => {
    const { backend } = setup({ 'agents.list': () => [agentView('a'), agentView('b')], 'agents.delete': () => Promise.reject(appErr('CONFLICT', 'busy')) });
    const store = useAgentsStore();
    await store.load();
    const done = store.remove('a');
    expect(store.names).toEqual(['b']);
    await expect(done).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(store.names).toEqual(['a', 'b']);
    backend.mocks['agents.delete'] = () => ({ deleted: true });
    await store.remove('a');
    expect(store.names).toEqual(['b']);
  });

  it('folds a burst of live call events into one refresh of the agent, and drops deleted agents', async () => {
    vi.useFakeTimers();
    const get = vi.fn((_: { name: string }) => agentView('bot', { budget: { ...agentView('bot').budget, spentMicros: 3_000_000 } }));
    setup({ 'agents.list': () => [agentView('bot'), agentView('old')], 'agents.get': get });
    const store = useAgentsStore();
    await store.load();
    const finished = { type: 'call.finished', at: 1, callId: 'c', agentName: 'bot', providerName: 'p', model: 'm', endpoint: '/x', stream: false, outcome: 'ok', costMicros: 1, inputTokens: 1, outputTokens: 1, latencyMs: 1 } as const;
    store.applyEvent(finished);
    store.applyEvent({ ...finished, callId: 'd' });
    store.applyEvent({ type: 'call.refused', at: 2, agentName: 'bot', model: 'm', code: 'budget_exceeded' });
    await vi.runAllTimersAsync();
    expect(get).toHaveBeenCalledTimes(1);
    expect(store.byName.get('bot')!.budget.spentMicros).toBe(3_000_000);
    store.applyEvent({ type: 'agent.changed', at: 3, agentName: 'old', change: 'deleted' });
    expect(store.names).toEqual(['bot']);
  });

  it('sends the page back to the login form when the session has ended', async () => {
    setup(
      { 'agents.list': () => Promise.reject(appErr('UNAUTHORIZED', 'the admin API needs the admin token')) },
      { isLoggedIn: async () => true, login: async () => undefined, logout: async () => undefined },
    );
    const session = useSessionStore();
    await session.start();
    expect(session.state).toBe('in');
    await useAgentsStore().load();
    expect(session.state).toBe('out');
    expect(session.error?.code).toBe('UNAUTHORIZED');
  });
});
