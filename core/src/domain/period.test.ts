import { describe, expect, it } from 'vitest';
import { PeriodCalendar, periodWindow } from './period.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('budget periods are calendar-aligned in the configured time zone', () => {
  it('starts a Paris day at local midnight, and a DST day lasts 23 hours', () => {
    // 2026-03-29 is the spring-forward day in Europe/Paris.
    const w = periodWindow('daily', Date.UTC(2026, 2, 29, 12), 'Europe/Paris');
    expect(w.key).toBe('2026-03-29');
    expect(iso(w.start)).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(w.end)).toBe('2026-03-29T22:00:00.000Z');
    expect((w.end - w.start) / 3_600_000).toBe(23);
  });

  it('puts 23:30 in New York on the local day, not the UTC one', () => {
    const w = periodWindow('daily', Date.UTC(2026, 10, 21, 4, 30), 'America/New_York');
    expect(w.key).toBe('2026-11-20');
  });

  it('starts weeks on Monday and months on the 1st', () => {
    const week = periodWindow('weekly', Date.UTC(2026, 10, 21, 12), 'UTC');
    expect(week.key).toBe('W2026-11-16');
    expect(iso(week.end)).toBe('2026-11-23T00:00:00.000Z');
    const month = periodWindow('monthly', Date.UTC(2026, 11, 31, 23, 30), 'Asia/Tokyo');
    expect(month.key).toBe('2027-01');
    expect(iso(month.start)).toBe('2026-12-31T15:00:00.000Z');
  });

  it('never ends a total budget', () => {
    expect(periodWindow('total', Date.UTC(2030, 0, 1), 'UTC')).toEqual({ key: 'total', start: 0, end: Number.POSITIVE_INFINITY });
  });

  it('reuses a window until it ends, and recomputes after a time-zone change', () => {
    const cal = new PeriodCalendar('UTC');
    const a = cal.windowAt('daily', Date.UTC(2026, 0, 1, 1));
    expect(cal.windowAt('daily', Date.UTC(2026, 0, 1, 23, 59))).toBe(a);
    expect(cal.windowAt('daily', Date.UTC(2026, 0, 2, 0)).key).toBe('2026-01-02');
    cal.setTimeZone('Pacific/Auckland');
    expect(cal.windowAt('daily', Date.UTC(2026, 0, 2, 0)).key).toBe('2026-01-02');
    expect(cal.windowAt('daily', Date.UTC(2026, 0, 2, 12)).key).toBe('2026-01-03');
  });

  it('aligns hours to the local clock, also in a half-hour zone', () => {
    const kolkata = periodWindow('hourly', Date.UTC(2026, 10, 21, 4, 10), 'Asia/Kolkata');
    expect(kolkata.key).toBe('2026-11-21T09');
    expect(iso(kolkata.start)).toBe('2026-11-21T03:30:00.000Z');
    expect(kolkata.end - kolkata.start).toBe(3_600_000);
    // Every hour of a local day lies inside it, so a day is a sum of hours.
    const day = periodWindow('daily', kolkata.start, 'Asia/Kolkata');
    expect(kolkata.start).toBeGreaterThanOrEqual(day.start);
    expect(kolkata.end).toBeLessThanOrEqual(day.end);
  });
});
