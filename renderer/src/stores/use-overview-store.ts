import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import type { BudgetsReport, SpendReport } from '../../../core/src/contract/ops/analytics.ts';
import { periodWindow } from '../../../core/src/domain/period.ts';
import { api } from '../api/backend.ts';
import type { UiError } from '../lib/errors.ts';
import { reportError } from './report-error.ts';

export type SpendRange = '24h' | '7d' | '30d';

const REFRESH_DEBOUNCE_MS = 750;
const DAY = 86_400_000;
const BURN_WINDOW_DAYS = 7;

/** Where a range starts: the last 24 hours by hour, or the last 7 / 30 local days (today included) by day. */
export function rangeStart(range: SpendRange, now: number, timeZone: string): number {
  if (range === '24h') return now - DAY;
  const days = range === '7d' ? 7 : 30;
  return periodWindow('daily', now - (days - 1) * DAY, timeZone).start;
}

/**
 * The overview's numbers: today's spend, spend over time per agent (for the chart), and each agent's burn rate
 * with its projected exhaustion. Every figure comes from the gateway's analytics; none is computed here.
 */
export const useOverviewStore = defineStore('overview', () => {
  const today = ref<SpendReport | null>(null);
  const spend = ref<SpendReport | null>(null);
  const budgets = ref<BudgetsReport | null>(null);
  /** Spend in the chosen range by model and by provider (each row keeps the other key for context). */
  const byModel = ref<SpendReport | null>(null);
  const byProvider = ref<SpendReport | null>(null);
  const range = ref<SpendRange>('7d');
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<UiError | null>(null);
  let timeZone = 'UTC';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const totals = computed(() => today.value?.totals ?? { calls: 0, refused: 0, costMicros: 0 });
  const todayByAgent = computed(() => new Map((today.value?.rows ?? []).map((r) => [r.agent ?? '', r.costMicros])));
  const projections = computed(() => new Map((budgets.value?.agents ?? []).map((b) => [b.agent, b])));

  async function load(zone: string, now = Date.now()): Promise<void> {
    timeZone = zone;
    loading.value = true;
    try {
      const grouping = range.value === '24h' ? 'hour' : 'day';
      const since = rangeStart(range.value, now, zone);
      const [t, s, b, m, p] = await Promise.all([
        api().call('analytics.spend', { since: periodWindow('daily', now, zone).start, groupBy: ['agent'] }),
        api().call('analytics.spend', { since, groupBy: [grouping, 'agent'] }),
        api().call('analytics.budgets', { windowDays: BURN_WINDOW_DAYS }),
        api().call('analytics.spend', { since, groupBy: ['provider', 'model'] }),
        api().call('analytics.spend', { since, groupBy: ['provider'] }),
      ]);
      today.value = t;
      spend.value = s;
      budgets.value = b;
      byModel.value = m;
      byProvider.value = p;
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = reportError(e);
    } finally {
      loading.value = false;
    }
  }

  async function setRange(next: SpendRange): Promise<void> {
    range.value = next;
    await load(timeZone);
  }

  /** Calls change every figure here; a burst of them is folded into one reload. */
  function applyEvent(e: AdminEvent): void {
    if (e.type !== 'call.finished' && e.type !== 'call.refused' && e.type !== 'data.changed') return;
    if (!loaded.value) return;
    clearTimeout(timer);
    timer = setTimeout(() => void load(timeZone), REFRESH_DEBOUNCE_MS);
  }

  return { byModel, byProvider, today, spend, budgets, range, totals, todayByAgent, projections, loaded, loading, error, load, setRange, applyEvent, burnWindowDays: BURN_WINDOW_DAYS };
});
