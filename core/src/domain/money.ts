/** Money is always an integer number of micro-USD (1 USD = 1,000,000). */
export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

/** Converts a user-entered USD amount (e.g. 12.5) to micro-USD, refusing fractions of a micro-dollar. */
export function usdToMicros(usd: number): Micros {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`not a valid USD amount: ${usd}`);
  // Round through a decimal string so 0.1 + 0.2 style float noise never leaks into the ledger.
  const micros = Math.round(Number((usd * MICROS_PER_USD).toFixed(3)));
  if (!Number.isSafeInteger(micros)) throw new RangeError(`USD amount too large: ${usd}`);
  return micros;
}

/** Formats micro-USD for people: `$12.345678` trimmed to at least two decimals. */
export function formatUsd(micros: Micros): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / MICROS_PER_USD);
  const frac = String(abs % MICROS_PER_USD).padStart(6, '0').replace(/0{1,4}$/, '');
  return `${sign}$${whole}.${frac.padEnd(2, '0')}`;
}
