import { describe, expect, it } from 'vitest';
import { EventHub, type AdminEvent } from '../../core/src/contract/events.ts';
import { watchBudgets, type BudgetNotice } from './budget-notifications.ts';

const threshold = (percent: 50 | 80 | 100): AdminEvent => ({
  type: 'budget.threshold',
  at: 1,
  agentName: 'research-bot',
  percent,
  spentMicros: (10_000_000 * percent) / 100,
  limitMicros: 10_000_000,
  periodKey: '2026-11',
});

describe('budget notifications', () => {
  it('announce 80 % and 100 %, never 50 %, in plain words', () => {
    const hub = new EventHub();
    const shown: BudgetNotice[] = [];
    watchBudgets(hub, () => ({ at80: true, at100: true }), (n) => shown.push(n));
    hub.publish(threshold(50));
    hub.publish(threshold(80));
    hub.publish(threshold(100));
    hub.publish({ type: 'agent.changed', at: 1, agentName: 'research-bot', change: 'suspended' });
    expect(shown).toEqual([
      { agentName: 'research-bot', title: 'research-bot has used 80% of its budget', body: '$8.00 of $10.00 spent this period.' },
      {
        agentName: 'research-bot',
        title: 'research-bot has reached its budget',
        body: '$10.00 of $10.00 spent this period. Its calls are refused until the period resets or you raise the budget.',
      },
    ]);
  });

  it('follow the user\'s choices as they change, and stop when asked', () => {
    const hub = new EventHub();
    const shown: number[] = [];
    let choices = { at80: false, at100: true };
    const stop = watchBudgets(hub, () => choices, () => shown.push(shown.length));
    hub.publish(threshold(80));
    hub.publish(threshold(100));
    choices = { at80: true, at100: false };
    hub.publish(threshold(80));
    hub.publish(threshold(100));
    expect(shown).toHaveLength(2);
    stop();
    hub.publish(threshold(80));
    expect(shown).toHaveLength(2);
  });
});
