import { describe, expect, it } from 'vitest';
import { spendBy } from './spend.ts';

describe('spendBy', () => {
  it('sums calls and micro-USD per key, largest spend first, ties by name', () => {
    const records = [
      { model: 'b', costMicros: 5 },
      { model: 'a', costMicros: 7 },
      { model: 'b', costMicros: 5 },
      { model: 'c', costMicros: 10 },
    ];
    expect(spendBy(records, (r) => r.model)).toEqual([
      { key: 'b', calls: 2, micros: 10 },
      { key: 'c', calls: 1, micros: 10 },
      { key: 'a', calls: 1, micros: 7 },
    ]);
  });

  it('is empty for no records', () => {
    expect(spendBy([], () => 'x')).toEqual([]);
  });
});
