import type { AdminEvent, EventHub } from '../../core/src/contract/events.ts';
import { formatUsd } from '../../core/src/domain/money.ts';
import type { DesktopSettings } from './settings.ts';

export interface BudgetNotice {
  title: string;
  body: string;
  agentName: string;
}

type Threshold = Extract<AdminEvent, { type: 'budget.threshold' }>;

/** The words of a budget notification; `undefined` for thresholds the desktop does not announce (50 %). */
export function budgetNotice(e: Threshold): BudgetNotice | undefined {
  const spent = `${formatUsd(e.spentMicros)} of ${formatUsd(e.limitMicros)}`;
  if (e.percent === 100) {
    return {
      agentName: e.agentName,
      title: `${e.agentName} has reached its budget`,
      body: `${spent} spent this period. Its calls are refused until the period resets or you raise the budget.`,
    };
  }
  if (e.percent === 80) {
    return { agentName: e.agentName, title: `${e.agentName} has used 80% of its budget`, body: `${spent} spent this period.` };
  }
  return undefined;
}

/** Shows a native notification when a budget crosses 80 % or 100 %, as the user's settings allow. */
export function watchBudgets(
  events: Pick<EventHub, 'subscribe'>,
  choices: () => DesktopSettings['notifications'],
  notify: (notice: BudgetNotice) => void,
): () => void {
  return events.subscribe((e) => {
    if (e.type !== 'budget.threshold') return;
    const wanted = e.percent === 100 ? choices().at100 : e.percent === 80 ? choices().at80 : false;
    if (!wanted) return;
    const notice = budgetNotice(e);
    if (notice) notify(notice);
  });
}
