import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { agentView } from '../testing/fake-backend.ts';
import BudgetBar from './BudgetBar.vue';

const budget = (spent: number, reserved: number, limit = 10_000_000, resetsAt: number | null = Date.UTC(2026, 11, 1)) => ({
  ...agentView('bot').budget,
  spentMicros: spent,
  reservedMicros: reserved,
  limitMicros: limit,
  remainingMicros: Math.max(0, limit - spent - reserved),
  resetsAt,
});

describe('BudgetBar', () => {
  it('draws spent and reserved as shares of the budget, and says when it resets', () => {
    const w = mount(BudgetBar, { props: { budget: budget(2_500_000, 500_000), timeZone: 'UTC', label: 'Budget of bot' } });
    expect((w.find('.spent').element as HTMLElement).style.width).toBe('25%');
    expect((w.find('.reserved').element as HTMLElement).style.width).toBe('5%');
    expect(w.text()).toContain('$2.50 spent');
    expect(w.text()).toContain('$7.00 left of $10.00');
    expect(w.text()).toContain('30% used');
    expect(w.text()).toContain('resets 1 Dec 2026, 00:00');
    const meter = w.find('[role="meter"]');
    expect(meter.attributes('aria-label')).toBe('Budget of bot');
    expect(meter.attributes('aria-valuetext')).toBe('$2.50 spent and $0.50 reserved of $10.00');
  });

  it('turns amber past 80 % and red when spent, and never overflows', () => {
    const warn = mount(BudgetBar, { props: { budget: budget(8_500_000, 0), label: 'b' } });
    expect(warn.find('.spent').classes()).toContain('warn');
    const over = mount(BudgetBar, { props: { budget: budget(10_000_000, 3_000_000), label: 'b' } });
    expect(over.find('.spent').classes()).toContain('over');
    expect((over.find('.reserved').element as HTMLElement).style.width).toBe('0%');
  });

  it('shows a total budget as never resetting, and a tiny spend still visibly', () => {
    const w = mount(BudgetBar, { props: { budget: budget(9, 0, 10_000_000, null), label: 'b', compact: true } });
    expect(w.text()).toContain('never resets');
    expect(w.text()).toContain('$0.000009 spent');
    expect(w.find('.spent').classes()).toContain('some');
    expect(w.text()).not.toContain('reserved');
  });
});
