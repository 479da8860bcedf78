import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { burnPerDay, MIN_BURN_WINDOW, projectExhaustion, seekBeatsSort } from './analytics-service.ts';
import { localGrid, offsetSegments } from './local-grid.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string): number => Date.parse(iso);

describe('offsetSegments', () => {
  it('finds both DST changes of a year to the millisecond', () => {
    const segs = offsetSegments('Europe/Paris', utc('2025-01-01T00:00Z'), utc('2026-01-01T00:00Z'));
    expect(segs).toEqual([
      { start: utc('2025-01-01T00:00Z'), end: utc('2025-03-30T01:00Z'), offsetMs: HOUR },
      { start: utc('2025-03-30T01:00Z'), end: utc('2025-10-26T01:00Z'), offsetMs: 2 * HOUR },
      { start: utc('2025-10-26T01:00Z'), end: utc('2026-01-01T00:00Z'), offsetMs: HOUR },
    ]);
  });

  it('keeps one segment for a zone without DST, at a half-hour offset', () => {
    expect(offsetSegments('Asia/Kolkata', utc('2025-01-01T00:00Z'), utc('2025-12-31T00:00Z'))).toEqual([
      { start: utc('2025-01-01T00:00Z'), end: utc('2025-12-31T00:00Z'), offsetMs: 5.5 * HOUR },
    ]);
  });

  it('finds a half-hour DST change (Lord Howe Island)', () => {
    const segs = offsetSegments('Australia/Lord_Howe', utc('2025-03-01T00:00Z'), utc('2025-05-01T00:00Z'));
    expect(segs.map((s) => s.offsetMs / HOUR)).toEqual([11, 10.5]);
    expect(segs[0]?.end).toBe(utc('2025-04-05T15:00Z'));
  });
});

describe('localGrid', () => {
  it('makes the spring-forward day 23 hours and the fall-back day 25 hours long', () => {
    const grid = localGrid('day', 'Europe/Paris', utc('2025-03-29T23:00Z'), utc('2025-03-31T22:00Z'));
    expect(grid.buckets).toEqual([
      { start: utc('2025-03-29T23:00Z'), end: utc('2025-03-30T22:00Z'), label: '2025-03-30' },
      { start: utc('2025-03-30T22:00Z'), end: utc('2025-03-31T22:00Z'), label: '2025-03-31' },
    ]);
    const autumn = localGrid('day', 'Europe/Paris', utc('2025-10-25T22:00Z'), utc('2025-10-26T23:00Z'));
    expect(autumn.buckets).toEqual([{ start: utc('2025-10-25T22:00Z'), end: utc('2025-10-26T23:00Z'), label: '2025-10-26' }]);
    expect(autumn.ranges).toEqual([{ start: utc('2025-10-25T22:00Z'), end: utc('2025-10-26T23:00Z'), bucket: 0 }]);
  });

  it('agrees with date-fns startOfDay over a whole year in several zones', () => {
    for (const zone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago']) {
      const since = utc('2025-01-01T12:00Z');
      const grid = localGrid('day', zone, since, since + 365 * DAY);
      expect(grid.buckets.length).toBeGreaterThanOrEqual(365);
      for (const b of grid.buckets) {
        const day = startOfDay(new TZDate(b.start, zone));
        expect(b.start, `${zone} ${b.label}`).toBe(day.getTime());
        expect(b.end, `${zone} ${b.label}`).toBe(startOfDay(addDays(day, 1)).getTime());
        expect(b.label).toBe(`${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`);
      }
      // The ranges cover the request exactly, without gaps or overlaps.
      expect(grid.ranges[0]?.start).toBe(since);
      expect(grid.ranges.at(-1)?.end).toBe(since + 365 * DAY);
      grid.ranges.slice(1).forEach((r, i) => expect(r.start).toBe(grid.ranges[i]?.end));
    }
  });

  it('starts Kolkata days at 18:30 UTC and its hours at half past', () => {
    const days = localGrid('day', 'Asia/Kolkata', utc('2025-06-14T18:30Z'), utc('2025-06-15T18:30Z'));
    expect(days.buckets).toEqual([{ start: utc('2025-06-14T18:30Z'), end: utc('2025-06-15T18:30Z'), label: '2025-06-15' }]);
    const hours = localGrid('hour', 'Asia/Kolkata', utc('2025-06-15T05:45Z'), utc('2025-06-15T06:45Z'));
    expect(hours.buckets).toEqual([
      { start: utc('2025-06-15T05:30Z'), end: utc('2025-06-15T06:30Z'), label: '2025-06-15T11:00+05:30' },
      { start: utc('2025-06-15T06:30Z'), end: utc('2025-06-15T07:30Z'), label: '2025-06-15T12:00+05:30' },
    ]);
    // Ranges are clipped to the request; buckets keep their full extent.
    expect(hours.ranges).toEqual([
      { start: utc('2025-06-15T05:45Z'), end: utc('2025-06-15T06:30Z'), bucket: 0 },
      { start: utc('2025-06-15T06:30Z'), end: utc('2025-06-15T06:45Z'), bucket: 1 },
    ]);
  });

  it('tells the repeated hour apart by its offset and skips the missing one', () => {
    const autumn = localGrid('hour', 'Europe/Paris', utc('2025-10-25T23:00Z'), utc('2025-10-26T02:00Z'));
    expect(autumn.buckets.map((b) => b.label)).toEqual([
      '2025-10-26T01:00+02:00',
      '2025-10-26T02:00+02:00',
      '2025-10-26T02:00+01:00',
    ]);
    const spring = localGrid('hour', 'Europe/Paris', utc('2025-03-30T00:00Z'), utc('2025-03-30T02:00Z'));
    expect(spring.buckets.map((b) => b.label)).toEqual(['2025-03-30T01:00+01:00', '2025-03-30T03:00+02:00']);
    expect(spring.buckets[1]).toMatchObject({ start: utc('2025-03-30T01:00Z'), end: utc('2025-03-30T02:00Z') });
  });

  it('has 24 hours a day in UTC, 23 on a spring-forward day', () => {
    expect(localGrid('hour', 'UTC', utc('2025-03-30T00:00Z'), utc('2025-03-31T00:00Z')).buckets).toHaveLength(24);
    expect(localGrid('hour', 'America/New_York', utc('2025-03-09T05:00Z'), utc('2025-03-10T04:00Z')).buckets).toHaveLength(23);
  });

  it('refuses an unknown time zone', () => {
    expect(() => localGrid('day', 'Mars/Olympus_Mons', 0, DAY)).toThrow(/unknown time zone/);
  });
});

describe('burn rate and projection', () => {
  const now = utc('2025-06-15T12:00Z');

  it('is spend per day over the window', () => {
    expect(burnPerDay(7_000_000, now - 7 * DAY, now)).toBe(1_000_000);
    expect(burnPerDay(0, now - 7 * DAY, now)).toBe(0);
  });

  it('measures over at least an hour', () => {
    expect(burnPerDay(1_000, now - 60_000, now)).toBe(24_000);
    expect(MIN_BURN_WINDOW).toBe(HOUR);
  });

  it('projects now + remaining / rate, rounding up to the millisecond', () => {
    expect(projectExhaustion(3_000_000, 7_000_000, now - 7 * DAY, now)).toBe(now + 3 * DAY);
    expect(projectExhaustion(1, 3, now - 1_000 * HOUR, now)).toBe(now + Math.ceil((1_000 * HOUR) / 3));
  });

  it('is null with no spend, now when nothing remains', () => {
    expect(projectExhaustion(5_000_000, 0, now - 7 * DAY, now)).toBeNull();
    expect(projectExhaustion(0, 0, now - 7 * DAY, now)).toBe(now);
    expect(projectExhaustion(0, 100, now - 7 * DAY, now)).toBe(now);
  });

  it('buckets by seeks while most (combo, bucket) pairs hold calls, by sorting when most are empty', () => {
    expect(seekBeatsSort(20_000, 1_000_000)).toBe(true);
    expect(seekBeatsSort(120_000, 50_000)).toBe(false);
  });

  it('is null beyond any calendar', () => {
    expect(projectExhaustion(Number.MAX_SAFE_INTEGER, 1, now - 7 * DAY, now)).toBeNull();
  });
});
