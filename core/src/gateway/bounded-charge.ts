import type { Micros } from '../domain/money.ts';
import type { Usage } from '../domain/usage.ts';
import { costMicros, type ModelPrice } from '../pricing/index.ts';
import { estimateUsage, totalInputTokens } from './estimate.ts';

export interface ChargeInput {
  /** Usage the provider reported, if any. */
  reported: Usage | undefined;
  /** Usage a broken stream reported before it ended, if any. */
  partial: Usage | undefined;
  inputChars: number;
  outputChars: number;
  /** The worst case reserved at admission: no call is ever charged more. */
  reservedMicros: Micros;
  /** The price for a usage (tiered prices depend on the input size); the worst-case price when unknown. */
  priceFor(usage: Usage): ModelPrice;
}

export interface Charge {
  usage: Usage;
  cost: Micros;
  /** The usage charged is not the provider's report (none came, or it could not be believed). */
  estimated: boolean;
  /** The provider reported a usage no call admitted with this reservation could have had: charged at the reservation. */
  implausible: boolean;
}

const FIELDS = ['inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens'] as const;

function isCount(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function tryCost(price: () => ModelPrice, usage: Usage): Micros | undefined {
  try {
    const cost = costMicros(price(), usage);
    return Number.isSafeInteger(cost) && cost >= 0 ? cost : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a finished call is charged. Never throws, never more than the reservation, never negative or NaN:
 * a reported usage that is malformed, reports no input at all, or would cost more than the worst case the call
 * was admitted with is not believed; the call is charged its reservation and flagged instead.
 */
export function boundedCharge(c: ChargeInput): Charge {
  const estimate = (): Usage => estimateUsage(c.partial, c.inputChars, c.outputChars);
  if (c.reported !== undefined) {
    const r = c.reported;
    const wellFormed = FIELDS.every((f) => isCount(r[f])) && (c.inputChars === 0 || totalInputTokens(r) > 0);
    const cost = wellFormed ? tryCost(() => c.priceFor(r), r) : undefined;
    if (cost !== undefined && cost <= c.reservedMicros) return { usage: r, cost, estimated: false, implausible: false };
    return { usage: estimate(), cost: c.reservedMicros, estimated: true, implausible: true };
  }
  const usage = estimate();
  const cost = tryCost(() => c.priceFor(usage), usage);
  return { usage, cost: cost === undefined ? c.reservedMicros : Math.min(cost, c.reservedMicros), estimated: true, implausible: false };
}
