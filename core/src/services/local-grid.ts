import { tzOffset } from '@date-fns/tz';
import type { TimeBucket } from '../contract/ops/analytics.ts';
import { appError } from '../domain/errors.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `[start, end)` in epoch ms. */
export interface TimeRange {
  start: number;
  end: number;
}

/** A stretch of time over which a zone's UTC offset does not change. */
export interface OffsetSegment extends TimeRange {
  offsetMs: number;
}

export type LocalUnit = 'day' | 'hour';

export const UNIT_MS: Record<LocalUnit, number> = { day: DAY, hour: HOUR };

function offsetAt(timeZone: string, at: number): number {
  const minutes = tzOffset(timeZone, new Date(at));
  if (Number.isNaN(minutes)) throw appError('INVALID_INPUT', `unknown time zone: ${timeZone}`);
  return Math.round(minutes * MINUTE);
}

/**
 * Splits `[start, end)` where `timeZone` changes its UTC offset, exact to the millisecond. The zone is sampled
 * daily and each change found by bisection, so two changes less than a day apart would be missed: no zone has any.
 */
export function offsetSegments(timeZone: string, start: number, end: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let segStart = start;
  let prev = start;
  let prevOffset = offsetAt(timeZone, start);
  while (prev < end - 1) {
    const probe = Math.min(prev + DAY, end - 1);
    const probeOffset = offsetAt(timeZone, probe);
    if (probeOffset !== prevOffset) {
      let lo = prev;
      let hi = probe;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(timeZone, mid) === prevOffset) lo = mid;
        else hi = mid;
      }
      segments.push({ start: segStart, end: hi, offsetMs: prevOffset });
      segStart = hi;
      prevOffset = probeOffset;
    }
    prev = probe;
  }
  segments.push({ start: segStart, end, offsetMs: prevOffset });
  return segments;
}

/** Identifies a local unit: its wall-clock index `floor((t + offset) / unitMs)`, and for hours the offset too. */
export function unitKey(unit: LocalUnit, index: number, offsetMs: number): string {
  return unit === 'day' ? `${index}` : `${index}@${offsetMs}`;
}

function offsetLabel(offsetMs: number): string {
  const abs = Math.abs(Math.round(offsetMs / MINUTE));
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${offsetMs < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** The local days or hours of `[since, until)`, two ways to find what falls in each, and the zone's offsets. */
export interface LocalGrid {
  unit: LocalUnit;
  buckets: TimeBucket[];
  /** Sorted, disjoint and covering `[since, until)`; `bucket` indexes `buckets`. */
  ranges: (TimeRange & { bucket: number })[];
  /** `unitKey` → index in `buckets`. */
  byKey: Map<string, number>;
  /** The offsets over `[since, until)`. */
  segments: OffsetSegment[];
}

/**
 * Calendar days or hours of `timeZone` over `[since, until)`. A day is every instant whose local date is that
 * date, so it lasts 23 or 25 hours across a DST change. An hour is a wall-clock hour at one offset, so the hour
 * repeated when clocks go back is two buckets, and a zone at +05:30 has hours starting at :30 UTC. Buckets keep
 * their full extent; ranges are clipped to `[since, until)`.
 */
export function localGrid(unit: LocalUnit, timeZone: string, since: number, until: number): LocalGrid {
  const size = UNIT_MS[unit];
  // Segments reach past both ends so the first and last buckets get their full local extent.
  const wide = offsetSegments(timeZone, since - 2 * DAY, until + 2 * DAY);
  const pieces: (TimeRange & { key: string; label: string })[] = [];
  for (const seg of wide) {
    const off = seg.offsetMs;
    const last = Math.floor((seg.end - 1 + off) / size);
    for (let k = Math.floor((seg.start + off) / size); k <= last; k++) {
      const wall = new Date(k * size).toISOString();
      pieces.push({
        start: Math.max(seg.start, k * size - off),
        end: Math.min(seg.end, (k + 1) * size - off),
        key: unitKey(unit, k, off),
        label: unit === 'day' ? wall.slice(0, 10) : `${wall.slice(0, 16)}${offsetLabel(off)}`,
      });
    }
  }
  const extent = new Map<string, TimeRange>();
  for (const p of pieces) {
    const e = extent.get(p.key);
    if (e) {
      e.start = Math.min(e.start, p.start);
      e.end = Math.max(e.end, p.end);
    } else extent.set(p.key, { start: p.start, end: p.end });
  }
  const grid: LocalGrid = { unit, buckets: [], ranges: [], byKey: new Map(), segments: [] };
  for (const p of pieces) {
    const start = Math.max(p.start, since);
    const end = Math.min(p.end, until);
    if (start >= end) continue;
    let bucket = grid.byKey.get(p.key);
    if (bucket === undefined) {
      const e = extent.get(p.key)!;
      bucket = grid.buckets.push({ start: e.start, end: e.end, label: p.label }) - 1;
      grid.byKey.set(p.key, bucket);
    }
    const prev = grid.ranges.at(-1);
    if (prev && prev.bucket === bucket && prev.end === start) prev.end = end;
    else grid.ranges.push({ start, end, bucket });
  }
  for (const seg of wide) {
    const start = Math.max(seg.start, since);
    const end = Math.min(seg.end, until);
    if (start < end) grid.segments.push({ start, end, offsetMs: seg.offsetMs });
  }
  return grid;
}
