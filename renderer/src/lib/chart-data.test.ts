import { describe, expect, it } from 'vitest';
import type { SpendReport } from '../../../core/src/contract/ops/analytics.ts';
import { bucketLabel, spendSeries } from './chart-data.ts';

const totals = { calls: 0, refused: 0, costMicros: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };

describe('spend chart data', () => {
  it('makes one series per agent over every bucket, empty days as 0, biggest spender first', () => {
    const report: SpendReport = {
      timeZone: 'Europe/Paris',
      since: 0,
      until: 3,
      groupBy: ['day', 'agent'],
      buckets: [
        { start: 0, end: 1, label: '2026-03-29' },
        { start: 1, end: 2, label: '2026-03-30' },
        { start: 2, end: 3, label: '2026-03-31' },
      ],
      rows: [
        { ...totals, agent: 'small', bucket: '2026-03-29', bucketStart: 0, costMicros: 100_000 },
        { ...totals, agent: 'big', bucket: '2026-03-31', bucketStart: 2, costMicros: 2_500_000 },
      ],
      totals,
    };
    expect(spendSeries(report)).toEqual({
      labels: ['29 Mar', '30 Mar', '31 Mar'],
      series: [
        { agent: 'big', dollars: [0, 0, 2.5] },
        { agent: 'small', dollars: [0.1, 0, 0] },
      ],
    });
  });

  it('labels hours by their local time', () => {
    expect(bucketLabel('2025-10-26T02:00+02:00')).toBe('02:00');
    expect(bucketLabel('2025-10-26T02:00+01:00')).toBe('02:00');
    expect(bucketLabel('2026-12-01')).toBe('1 Dec');
  });
});
