import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import { callRecord, setup } from '../testing/fake-backend.ts';
import { useCallsStore } from './use-calls-store.ts';

const finished = (callId: string, at: number): AdminEvent => ({
  type: 'call.finished', at, callId, agentName: 'bot', providerName: 'openai', model: 'gpt-4o-mini', endpoint: '/chat/completions',
  stream: true, outcome: 'ok', costMicros: 30, inputTokens: 10, outputTokens: 20, latencyMs: 100,
});

describe('the live log store', () => {
  afterEach(() => vi.useRealTimers());

  it('shows a call the moment its event arrives, then replaces it with the ledger record, without duplicates', async () => {
    vi.useFakeTimers();
    const { backend } = setup({ 'calls.list': () => [callRecord('old', { startedAt: 500 })] });
    const store = useCallsStore();
    await store.load();
    store.applyEvent(finished('c1', 2_100));
    expect(store.entries.map((e) => e.key)).toEqual(['c1', 'old']);
    expect(store.entries[0]).toMatchObject({ at: 2_000, record: null, costMicros: 30 });
    backend.mocks['calls.list'] = () => [callRecord('c1', { startedAt: 2_000, costMicros: 30, cacheReadTokens: 4 }), callRecord('old', { startedAt: 500 })];
    await vi.runAllTimersAsync();
    expect(store.entries.map((e) => e.key)).toEqual(['c1', 'old']);
    expect(store.entries[0]!.record?.cacheReadTokens).toBe(4);
  });

  it('matches a live refusal (which has no call id) to its ledger record', async () => {
    vi.useFakeTimers();
    const { backend } = setup({ 'calls.list': () => [] });
    const store = useCallsStore();
    await store.load();
    store.applyEvent({ type: 'call.refused', at: 3_000, agentName: 'bot', model: 'gpt-4o-mini', code: 'agent_suspended' });
    expect(store.entries).toHaveLength(1);
    backend.mocks['calls.list'] = () => [callRecord('r1', { startedAt: 3_000, state: 'refused', outcome: 'agent_suspended', httpStatus: 403, costMicros: 0 })];
    await vi.runAllTimersAsync();
    expect(store.entries.map((e) => e.id)).toEqual(['r1']);
  });

  it('filters by agent, outcome and text', async () => {
    setup({
      'calls.list': () => [
        callRecord('a', { agentName: 'alpha', startedAt: 3 }),
        callRecord('b', { agentName: 'beta', startedAt: 2, state: 'refused', outcome: 'budget_exceeded' }),
        callRecord('c', { agentName: 'beta', startedAt: 1, outcome: 'upstream_error', model: 'claude-haiku' }),
      ],
    });
    const store = useCallsStore();
    await store.load();
    expect(store.filtered.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    store.filters.agent = 'beta';
    expect(store.filtered.map((e) => e.id)).toEqual(['b', 'c']);
    store.filters.outcome = 'failed';
    expect(store.filtered.map((e) => e.id)).toEqual(['c']);
    store.filters = { agent: '', outcome: 'all', text: 'CLAUDE' };
    expect(store.filtered.map((e) => e.id)).toEqual(['c']);
    store.filters = { agent: '', outcome: 'refused', text: '' };
    expect(store.filtered.map((e) => e.id)).toEqual(['b']);
  });

  it('pages back through older calls', async () => {
    const page = Array.from({ length: 100 }, (_, i) => callRecord(`n${i}`, { startedAt: 10_000 - i }));
    const { backend } = setup({ 'calls.list': () => page });
    const store = useCallsStore();
    await store.load();
    expect(store.exhausted).toBe(false);
    backend.mocks['calls.list'] = () => [callRecord('older', { startedAt: 5 })];
    await store.loadOlder();
    expect(backend.calls.at(-1)).toEqual({ operation: 'calls.list', input: { before: 9_901, limit: 100 } });
    expect(store.entries.at(-1)!.id).toBe('older');
    expect(store.exhausted).toBe(true);
  });
});
