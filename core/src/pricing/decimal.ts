const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Converts a catalog price in USD per million tokens (a JS number such as 0.15 or 3.4375) to integer
 * micro-USD per million tokens, exactly: the number's shortest round-trip decimal form is shifted by six
 * places as a string, so `0.15` becomes 150_000 and never 149_999.99999999997. A price finer than one
 * micro-USD per Mtok is rounded up, never down.
 */
export function usdPerMtokToMicros(usd: number): number {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`not a valid price: ${usd}`);
  const match = DECIMAL.exec(String(usd));
  if (!match) throw new RangeError(`not a valid price: ${usd}`);
  const [, whole = '0', fraction = '', exponent = '0'] = match;
  const digits = BigInt(whole + fraction);
  const shift = Number(exponent) - fraction.length + 6;
  let micros: bigint;
  if (shift >= 0) {
    micros = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    micros = digits / divisor + (digits % divisor === 0n ? 0n : 1n);
  }
  const result = Number(micros);
  if (!Number.isSafeInteger(result)) throw new RangeError(`price too large: ${usd}`);
  return result;
}
