import { describe, expect, it } from 'vitest';
import type { Usage } from '../domain/usage.ts';
import { costMicros, totalInputTokens, worstCaseMicros } from './cost.ts';
import type { ModelPrice } from './types.ts';

const price = (input: number, output: number, cacheRead = input, cacheWrite = input): ModelPrice => ({
  inputPerMtok: input,
  outputPerMtok: output,
  cacheReadPerMtok: cacheRead,
  cacheWritePerMtok: cacheWrite,
  source: 'catalog',
});
const usage = (u: Partial<Usage>): Usage => ({
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...u,
});

describe('costMicros', () => {
  it('charges one µUSD for one token at $0.15/Mtok, not zero', () => {
    expect(costMicros(price(150_000, 600_000), usage({ inputTokens: 1 }))).toBe(1);
  });

  it('rounds the exact sum up once, not each term', () => {
    // 1 input (0.15 µUSD) + 1 output (0.6 µUSD) = 0.75 µUSD → 1; rounding each term up would give 2.
    // 3 inputs + 1 output = 1.05 µUSD → 2.
    expect(costMicros(price(150_000, 600_000), usage({ inputTokens: 1, outputTokens: 1 }))).toBe(1);
    expect(costMicros(price(150_000, 600_000), usage({ inputTokens: 3, outputTokens: 1 }))).toBe(2);
  });

  it('prices each token class at its own rate (Claude Sonnet 4 with cache write and read)', () => {
    const sonnet4 = price(3_000_000, 15_000_000, 300_000, 3_750_000);
    const u = usage({ inputTokens: 1_000, cacheWriteTokens: 2_000, cacheReadTokens: 10_000, outputTokens: 500, reasoningTokens: 100 });
    // 1000×3 + 2000×3.75 + 10000×0.3 + 500×15 = 3000 + 7500 + 3000 + 7500 µUSD
    expect(costMicros(sonnet4, u)).toBe(21_000);
  });

  it('ignores reasoning tokens, which are already in the output count', () => {
    const p = price(1_100_000, 4_400_000);
    expect(costMicros(p, usage({ outputTokens: 1_000, reasoningTokens: 800 }))).toBe(4_400);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    // 10^12 tokens × 15,000,000 = 1.5 × 10^19, far past Number.MAX_SAFE_INTEGER before the division.
    expect(costMicros(price(0, 15_000_001), usage({ outputTokens: 1e12 }))).toBe(15_000_001_000_000);
  });

  it('refuses negative or non-finite counts and fractional prices', () => {
    expect(() => costMicros(price(1, 1), usage({ inputTokens: -1 }))).toThrow(RangeError);
    expect(() => costMicros(price(1, 1), usage({ inputTokens: Number.NaN }))).toThrow(RangeError);
    expect(() => costMicros(price(1.5, 1), usage({ inputTokens: 1 }))).toThrow(RangeError);
  });

  it('is zero for an empty usage', () => {
    expect(costMicros(price(3_000_000, 15_000_000), usage({}))).toBe(0);
  });
});

describe('worstCaseMicros', () => {
  it('prices every input token at the dearest input rate', () => {
    // Claude Sonnet 4: cache write $3.75 is dearer than input $3.
    expect(worstCaseMicros(price(3_000_000, 15_000_000, 300_000, 3_750_000), 1_000, 100)).toBe(3_750 + 1_500);
    // OpenAI: no cache-write price, so input is the dearest.
    expect(worstCaseMicros(price(150_000, 600_000, 75_000, 150_000), 1, 0)).toBe(1);
  });

  it('bounds costMicros for every usage that fits (property, seeded)', () => {
    const random = mulberry32(20_260_101);
    const int = (max: number): number => Math.floor(random() * (max + 1));
    for (let i = 0; i < 5_000; i++) {
      const p = price(int(20_000_000), int(80_000_000), int(20_000_000), int(25_000_000));
      const maxInput = int(i % 2 === 0 ? 2_000 : 2_000_000);
      const maxOutput = int(100_000);
      const cacheRead = int(maxInput);
      const cacheWrite = int(maxInput - cacheRead);
      const input = int(maxInput - cacheRead - cacheWrite);
      const u = usage({ inputTokens: input, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, outputTokens: int(maxOutput) });
      expect(totalInputTokens(u)).toBeLessThanOrEqual(maxInput);
      expect(costMicros(p, u)).toBeLessThanOrEqual(worstCaseMicros(p, maxInput, maxOutput));
    }
  });
});

/** A tiny seeded PRNG so the property test is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
