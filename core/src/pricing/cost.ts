import type { Micros } from '../domain/money.ts';
import type { Usage } from '../domain/usage.ts';
import type { ModelPrice } from './types.ts';

const PER_MTOK = 1_000_000n;

/** The real cost of a call: the exact sum of tokens × rates, rounded up to a whole micro-USD. */
export function costMicros(price: ModelPrice, usage: Usage): Micros {
  // BigInt so that billions of tokens × millions of micro-USD cannot lose precision before the division.
  const total =
    tokens(usage.inputTokens) * rate(price.inputPerMtok) +
    tokens(usage.cacheReadTokens) * rate(price.cacheReadPerMtok) +
    tokens(usage.cacheWriteTokens) * rate(price.cacheWritePerMtok) +
    tokens(usage.outputTokens) * rate(price.outputPerMtok);
  return toMicros(total);
}

/**
 * The most a call can cost when it reads at most `inputTokens` and writes at most `outputTokens`:
 * every input token is priced at the dearest input rate (a cache write usually costs more than a plain read).
 */
export function worstCaseMicros(price: ModelPrice, inputTokens: number, outputTokens: number): Micros {
  const inputRate = Math.max(price.inputPerMtok, price.cacheWritePerMtok, price.cacheReadPerMtok);
  const total = tokens(inputTokens) * rate(inputRate) + tokens(outputTokens) * rate(price.outputPerMtok);
  return toMicros(total);
}

/** Total prompt tokens of a usage (uncached + cache read + cache write): what tiered prices are keyed on. */
export function totalInputTokens(usage: Usage): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
}

function tokens(count: number): bigint {
  if (!Number.isFinite(count) || count < 0) throw new RangeError(`not a valid token count: ${count}`);
  // A fractional count never comes from a provider; if one slips through, charge the whole token.
  return BigInt(Math.ceil(count));
}

function rate(microsPerMtok: number): bigint {
  if (!Number.isSafeInteger(microsPerMtok) || microsPerMtok < 0) {
    throw new RangeError(`not a valid price in micro-USD per Mtok: ${microsPerMtok}`);
  }
  return BigInt(microsPerMtok);
}

function toMicros(total: bigint): Micros {
  const micros = total / PER_MTOK + (total % PER_MTOK === 0n ? 0n : 1n);
  const result = Number(micros);
  if (!Number.isSafeInteger(result)) throw new RangeError('cost exceeds the largest representable amount');
  return result;
}
