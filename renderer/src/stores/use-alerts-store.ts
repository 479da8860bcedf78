import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import { usd } from '../lib/format.ts';
import { useAgentsStore } from './use-agents-store.ts';
import { useToastStore } from './use-toast-store.ts';

export interface BudgetAlert {
  key: string;
  agent: string;
  level: 80 | 100;
  text: string;
}

/**
 * Budget alerts in the dashboard: every agent at 80 % or 100 % of its current period's budget, from the agents'
 * own figures (so an alert is there after a reload, not only when the threshold is crossed live), and a toast at
 * the moment the gateway reports a crossing. Dismissed alerts stay dismissed until the next level or period.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const dismissed = ref<Set<string>>(new Set());

  const alerts = computed<BudgetAlert[]>(() => {
    const list: BudgetAlert[] = [];
    for (const a of useAgentsStore().agents) {
      const b = a.budget;
      if (b.limitMicros <= 0) continue;
      const used = b.spentMicros / b.limitMicros;
      if (used < 0.8) continue;
      const level = used >= 1 ? 100 : 80;
      const key = `${a.name}:${b.periodKey}:${level}`;
      if (dismissed.value.has(key)) continue;
      const period = a.period === 'total' ? 'its total budget' : `its ${a.period} budget`;
      list.push({
        key,
        agent: a.name,
        level,
        text: level === 100
          ? `${a.name} has used all of ${period} (${usd(b.spentMicros)} of ${usd(b.limitMicros)}): its calls are refused until ${b.resetsAt === null ? 'the budget is raised' : 'the period resets or the budget is raised'}.`
          : `${a.name} has used ${Math.floor(used * 100)} % of ${period} (${usd(b.spentMicros)} of ${usd(b.limitMicros)}).`,
      });
    }
    return list.sort((x, y) => y.level - x.level || x.agent.localeCompare(y.agent));
  });

  function dismiss(key: string): void {
    dismissed.value = new Set(dismissed.value).add(key);
  }

  function applyEvent(e: AdminEvent): void {
    if (e.type !== 'budget.threshold' || e.percent < 80) return;
    const toast = useToastStore();
    const text = `${e.agentName} reached ${e.percent} % of its budget (${usd(e.spentMicros)} of ${usd(e.limitMicros)}).`;
    if (e.percent >= 100) toast.error({ code: 'BUDGET_EXCEEDED', message: text });
    else toast.ok(text);
  }

  return { alerts, dismiss, applyEvent };
});
