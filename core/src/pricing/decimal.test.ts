import { describe, expect, it } from 'vitest';
import { usdPerMtokToMicros } from './decimal.ts';

describe('usdPerMtokToMicros', () => {
  it.each([
    [0, 0],
    [0.15, 150_000],
    [2.5, 2_500_000],
    [3.4375, 3_437_500],
    [0.003625, 3_625],
    [0.0028, 2_800],
    [75, 75_000_000],
  ])('converts $%s/Mtok exactly to %i µUSD/Mtok', (usd, micros) => {
    expect(usdPerMtokToMicros(usd)).toBe(micros);
  });

  it('rounds prices finer than one µUSD per Mtok up, never down', () => {
    expect(usdPerMtokToMicros(1e-7)).toBe(1);
    expect(usdPerMtokToMicros(2.5e-6)).toBe(3);
    expect(usdPerMtokToMicros(0.0000001)).toBe(1);
  });

  it('refuses negative, non-finite and absurd prices', () => {
    expect(() => usdPerMtokToMicros(-1)).toThrow(RangeError);
    expect(() => usdPerMtokToMicros(Number.NaN)).toThrow(RangeError);
    expect(() => usdPerMtokToMicros(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => usdPerMtokToMicros(1e21)).toThrow(RangeError);
  });
});
