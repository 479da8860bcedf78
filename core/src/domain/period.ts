import { TZDate } from '@date-fns/tz';
import { addDays, addHours, addMonths, addWeeks, startOfDay, startOfHour, startOfMonth, startOfWeek } from 'date-fns';
import { z } from 'zod';

export const BudgetPeriodSchema = z.enum(['total', 'hourly', 'daily', 'weekly', 'monthly']);
export type BudgetPeriod = z.infer<typeof BudgetPeriodSchema>;

/** One budget window: calendar-aligned in a time zone, `[start, end)` in epoch ms; `total` never ends. */
export interface PeriodWindow {
  key: string;
  start: number;
  end: number;
}

const FOREVER: PeriodWindow = { key: 'total', start: 0, end: Number.POSITIVE_INFINITY };

/** Returns true when `tz` is an IANA time zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The system's time zone, the default for budget periods. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function dayKey(d: TZDate): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Periods from the shortest to the longest; spend is kept in buckets of the shortest. */
export const PERIODS_SHORTEST_FIRST: readonly BudgetPeriod[] = ['hourly', 'daily', 'weekly', 'monthly', 'total'];

/** The window of `period` that contains `at`, aligned to local midnight / Monday / the 1st in `timeZone`. */
export function periodWindow(period: BudgetPeriod, at: number, timeZone: string): PeriodWindow {
  if (period === 'total') return FOREVER;
  const local = new TZDate(at, timeZone);
  switch (period) {
    case 'hourly': {
      const start = startOfHour(local);
      return { key: `${dayKey(start)}T${pad(start.getHours())}`, start: start.getTime(), end: addHours(start, 1).getTime() };
    }
    case 'daily': {
      const start = startOfDay(local);
      return { key: dayKey(start), start: start.getTime(), end: addDays(start, 1).getTime() };
    }
    case 'weekly': {
      const start = startOfWeek(local, { weekStartsOn: 1 });
      return { key: `W${dayKey(start)}`, start: start.getTime(), end: addWeeks(start, 1).getTime() };
    }
    case 'monthly': {
      const start = startOfMonth(local);
      return {
        key: `${start.getFullYear()}-${pad(start.getMonth() + 1)}`,
        start: start.getTime(),
        end: addMonths(start, 1).getTime(),
      };
    }
  }
}

/**
 * Caches the current window per period so the request path computes calendar boundaries
 * only when a period rolls over, not on every call.
 */
export class PeriodCalendar {
  private readonly cache = new Map<BudgetPeriod, PeriodWindow>();
  constructor(private zone: string) {}

  get timeZone(): string {
    return this.zone;
  }

  setTimeZone(zone: string): void {
    if (zone === this.zone) return;
    this.zone = zone;
    this.cache.clear();
  }

  windowAt(period: BudgetPeriod, at: number): PeriodWindow {
    const cached = this.cache.get(period);
    if (cached && at >= cached.start && at < cached.end) return cached;
    const fresh = periodWindow(period, at, this.zone);
    this.cache.set(period, fresh);
    return fresh;
  }
}
