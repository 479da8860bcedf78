import { describe, expect, it } from 'vitest';
import { agentView, setup } from '../testing/fake-backend.ts';
import { useAgentsStore } from './use-agents-store.ts';
import { useAlertsStore } from './use-alerts-store.ts';

const budget = (spent: number, limit: number) => ({ period: 'monthly' as const, periodKey: '2026-12', limitMicros: limit, spentMicros: spent, reservedMicros: 0, remainingMicros: Math.max(0, limit - spent), resetsAt: null });

describe('budget alerts in the dashboard', () => {
  it('raises 80 % and 100 % alerts from the agents\' own figures, and keeps a dismissal until the level changes', async () => {
    const { backend } = setup({
      'agents.list': () => [agentView('low', { budget: budget(10, 100) }), agentView('warm', { budget: budget(85, 100) }), agentView('out', { budget: budget(100, 100) }), agentView('zero', { budget: budget(0, 0) })],
      'analytics.spend': () => ({ timeZone: 'UTC', since: 0, until: 1, groupBy: ['agent'], rows: [], totals: { calls: 0, refused: 0, costMicros: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0 }, buckets: [] }),
    });
    await useAgentsStore().load();
    const alerts = useAlertsStore();
    expect(alerts.alerts.map((a) => [a.agent, a.level])).toEqual([['out', 100], ['warm', 80]]);
    expect(alerts.alerts[1]!.text).toContain('warm has used 85 %');
    alerts.dismiss(alerts.alerts[1]!.key);
    expect(alerts.alerts.map((a) => a.agent)).toEqual(['out']);
    backend.mocks['agents.list'] = () => [agentView('warm', { budget: budget(100, 100) })];
    await useAgentsStore().load();
    expect(alerts.alerts.map((a) => [a.agent, a.level])).toEqual([['warm', 100]]);
  });
});
