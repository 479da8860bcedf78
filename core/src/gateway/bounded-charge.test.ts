import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Usage } from '../domain/usage.ts';
import type { ModelPrice } from '../pricing/index.ts';
import { boundedCharge } from './bounded-charge.ts';

const price = { inputPerMtok: 150_000, outputPerMtok: 600_000, cacheReadPerMtok: 75_000, cacheWritePerMtok: 150_000 } as ModelPrice;
const anyCount = fc.oneof(fc.integer({ min: -10, max: 1_000 }), fc.double(), fc.constant(9e15), fc.constant(Number.MAX_VALUE), fc.constant(Number.NaN));
const anyUsage = fc.record<Usage>({
  inputTokens: anyCount,
  cacheReadTokens: anyCount,
  cacheWriteTokens: anyCount,
  outputTokens: anyCount,
  reasoningTokens: anyCount,
});

describe('boundedCharge', () => {
  it('never throws and never charges more than the reservation, a negative or a fractional amount', () => {
    fc.assert(
      fc.property(fc.option(anyUsage, { nil: undefined }), fc.option(anyUsage, { nil: undefined }), fc.nat(1e6), fc.nat(1e6), fc.nat(1e9), (reported, partial, inputChars, outputChars, reserved) => {
        const c = boundedCharge({ reported, partial, inputChars, outputChars, reservedMicros: reserved, priceFor: () => price });
        expect(Number.isSafeInteger(c.cost)).toBe(true);
        expect(c.cost).toBeGreaterThanOrEqual(0);
        expect(c.cost).toBeLessThanOrEqual(reserved);
        if (c.implausible) expect(c.cost).toBe(reserved);
      }),
    );
  });

  it('charges a plausible report as it is, and a price that throws at the reservation', () => {
    const usage = { inputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 };
    expect(boundedCharge({ reported: usage, partial: undefined, inputChars: 40, outputChars: 0, reservedMicros: 100, priceFor: () => price })).toEqual({
      usage,
      cost: 5,
      estimated: false,
      implausible: false,
    });
    const broken = boundedCharge({ reported: usage, partial: undefined, inputChars: 40, outputChars: 0, reservedMicros: 100, priceFor: () => { throw new Error('no price'); } });
    expect(broken).toMatchObject({ cost: 100, implausible: true });
  });
});
