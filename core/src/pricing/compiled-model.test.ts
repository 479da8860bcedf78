import type { ModelInfo } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { CompiledModel } from './compiled-model.ts';

const at = (iso: string): number => Date.parse(iso);
const compile = (prices: ModelInfo['prices']): CompiledModel => {
  const model = CompiledModel.from({ id: 'm', match: { equals: 'm' }, prices });
  if (!model) throw new Error('expected a compiled model');
  return model;
};

describe('CompiledModel', () => {
  it('applies a tier to every token once the input exceeds its start (genai-prices rule)', () => {
    const m = compile({
      input_mtok: { base: 3, tiers: [{ start: 200_000, price: 6 }] },
      output_mtok: { base: 15, tiers: [{ start: 200_000, price: 22.5 }] },
      cache_read_mtok: 0.3,
    });
    const now = at('2026-06-01T00:00:00Z');
    expect(m.priceAt(now, 200_000).inputPerMtok).toBe(3_000_000);
    expect(m.priceAt(now, 200_001)).toMatchObject({ inputPerMtok: 6_000_000, outputPerMtok: 22_500_000, cacheReadPerMtok: 300_000 });
    expect(m.priceAt(now, undefined).inputPerMtok).toBe(3_000_000);
    expect(m.worstAt(now)).toMatchObject({ inputPerMtok: 6_000_000, outputPerMtok: 22_500_000, cacheReadPerMtok: 300_000, cacheWritePerMtok: 6_000_000 });
  });

  it('follows start dates, and re-evaluates the worst case once a future price starts', () => {
    const m = compile([
      { prices: { input_mtok: 0.75, output_mtok: 3.75 } },
      { constraint: { type: 'start_date', start_date: '2027-01-01' }, prices: { input_mtok: 1.5, output_mtok: 7.5 } },
    ]);
    expect(m.priceAt(at('2026-12-31T23:59:59Z'), 10).inputPerMtok).toBe(750_000);
    expect(m.worstAt(at('2026-12-31T23:59:59Z')).inputPerMtok).toBe(750_000);
    expect(m.priceAt(at('2027-01-01T00:00:00Z'), 10).inputPerMtok).toBe(1_500_000);
    expect(m.worstAt(at('2027-01-01T00:00:00Z')).inputPerMtok).toBe(1_500_000);
  });

  it('uses the time-of-day price in its window, and the dearest window for the worst case', () => {
    const m = compile([
      { prices: { input_mtok: 0.135, cache_read_mtok: 0.035, output_mtok: 0.55 } },
      { constraint: { type: 'time_of_date', start_time: '00:30:00Z', end_time: '16:30:00Z' }, prices: { input_mtok: 0.27, cache_read_mtok: 0.07, output_mtok: 1.1 } },
    ]);
    expect(m.priceAt(at('2026-06-01T12:00:00Z'), 1).inputPerMtok).toBe(270_000);
    expect(m.priceAt(at('2026-06-01T20:00:00Z'), 1).inputPerMtok).toBe(135_000);
    expect(m.priceAt(at('2026-06-01T00:29:59Z'), 1).inputPerMtok).toBe(135_000);
    expect(m.worstAt(at('2026-06-01T20:00:00Z'))).toMatchObject({ inputPerMtok: 270_000, outputPerMtok: 1_100_000, cacheReadPerMtok: 70_000 });
  });

  it('handles windows that wrap midnight and non-UTC offsets', () => {
    const m = compile([
      { prices: { input_mtok: 1, output_mtok: 1 } },
      { constraint: { type: 'time_of_date', start_time: '23:00:00+01:00', end_time: '02:00:00+01:00' }, prices: { input_mtok: 2, output_mtok: 2 } },
    ]);
    // 23:00+01:00 = 22:00Z, 02:00+01:00 = 01:00Z
    expect(m.priceAt(at('2026-06-01T22:30:00Z'), 1).inputPerMtok).toBe(2_000_000);
    expect(m.priceAt(at('2026-06-01T00:59:00Z'), 1).inputPerMtok).toBe(2_000_000);
    expect(m.priceAt(at('2026-06-01T01:00:00Z'), 1).inputPerMtok).toBe(1_000_000);
  });

  it('fills missing cache prices with the input price and charges reasoning at the dearer output rate', () => {
    const m = compile({ input_mtok: 2, output_mtok: 8, output_reasoning_mtok: 9 });
    expect(m.priceAt(0, 1)).toEqual({ inputPerMtok: 2_000_000, outputPerMtok: 9_000_000, cacheReadPerMtok: 2_000_000, cacheWritePerMtok: 2_000_000, source: 'catalog' });
  });

  it('prices output like input for input-only (embedding) entries', () => {
    expect(compile({ input_mtok: 0.02 }).priceAt(0, 1)).toMatchObject({ inputPerMtok: 20_000, outputPerMtok: 20_000 });
  });

  it('treats an empty price entry as free and a non-token entry as unpriceable', () => {
    expect(compile({}).priceAt(0, 1)).toMatchObject({ inputPerMtok: 0, outputPerMtok: 0 });
    expect(CompiledModel.from({ id: 'w', match: { equals: 'w' }, prices: { audio_hours: 0.36 } })).toBeUndefined();
  });
});
