import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { BudgetsReport, SpendReport } from '../../../core/src/contract/ops/analytics.ts';
import { useSettingsStore } from '../stores/use-settings-store.ts';
import { agentView, appErr, setup } from '../testing/fake-backend.ts';
import OverviewPage from './OverviewPage.vue';

const NOW = Date.UTC(2026, 10, 20, 12);
const totals = { calls: 3, refused: 1, costMicros: 1_250_000, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };
const spend: SpendReport = {
  timeZone: 'UTC', since: 0, until: NOW, groupBy: ['agent'], buckets: [],
  rows: [{ ...totals, agent: 'bot' }], totals,
};
const budgets: BudgetsReport = {
  at: NOW,
  windowDays: 7,
  agents: [
    { agent: 'bot', status: 'active', period: 'monthly', periodKey: '2026-11', limitMicros: 10_000_000, spentMicros: 2_500_000, reservedMicros: 0, remainingMicros: 7_500_000, resetsAt: Date.UTC(2026, 11, 1), burnMicrosPerDay: 1_000_000, burnSince: 0, projectedExhaustionAt: NOW + 3 * 86_400_000, exhaustsBeforeReset: true },
    { agent: 'idle', status: 'active', period: 'monthly', periodKey: '2026-11', limitMicros: 10_000_000, spentMicros: 0, reservedMicros: 0, remainingMicros: 10_000_000, resetsAt: Date.UTC(2026, 11, 1), burnMicrosPerDay: 0, burnSince: 0, projectedExhaustionAt: null, exhaustsBeforeReset: false },
  ],
};

function mountPage(pinia: ReturnType<typeof setup>['pinia']) {
  useSettingsStore().settings = { timezone: 'UTC', timezoneIsSystemDefault: true, dataDir: '/data' };
  return mount(OverviewPage, { global: { plugins: [pinia], stubs: { SpendChart: { template: '<div data-test="chart"></div>' } } } });
}

describe('the Overview page', () => {
  it("shows today's spend, the chart, projected exhaustion and every budget", async () => {
    const { pinia } = setup({
      'agents.list': () => [agentView('bot'), agentView('idle', { status: 'suspended' })],
      'analytics.spend': (input) => (input.groupBy?.length === 1 ? spend : { ...spend, groupBy: ['day', 'agent'] }),
      'analytics.budgets': () => budgets,
    });
    const w = mountPage(pinia);
    await flushPromises();
    expect(w.get('[data-test="spent-today"]').text()).toBe('$1.25');
    expect(w.find('[data-test="chart"]').exists()).toBe(true);
    expect(w.get('.projection [data-agent="bot"]').text()).toContain('runs out in 3 days');
    expect(w.get('.projection [data-agent="idle"]').text()).toContain('no recent spend');
    expect(w.findAll('.budget-row')).toHaveLength(2);
    expect(w.get('.budget-row[data-agent="idle"]').text()).toContain('Suspended');
  });

  it('shows a failure of the analytics by code', async () => {
    const { pinia } = setup({
      'agents.list': () => [],
      'analytics.spend': () => Promise.reject(appErr('UNKNOWN_OPERATION', 'no such operation: analytics.spend')),
      'analytics.budgets': () => budgets,
    });
    const w = mountPage(pinia);
    await flushPromises();
    expect(w.get('[role="alert"]').text()).toContain('UNKNOWN_OPERATION');
    expect(w.text()).toContain('No agents yet');
  });
});
