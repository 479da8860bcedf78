/** Micro-USD as dollars: cents for ordinary sums, more digits for the tiny cost of one call. */
export function usd(micros: number): string {
  if (micros === 0) return '$0.00';
  const dollars = micros / 1e6;
  if (Math.abs(dollars) >= 0.01) {
    return dollars.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  return `$${dollars.toFixed(6).replace(/0+$/, '')}`;
}

/** A USD amount typed by a person, as micro-USD; undefined when it is not a non-negative amount. */
export function parseUsd(text: string): number | undefined {
  const t = text.trim().replace(/^\$/, '');
  if (!/^\d+(\.\d{1,6})?$/.test(t)) return undefined;
  return Math.round(Number(t) * 1e6);
}

/** Micro-USD as the plain number a budget field shows ("25", "12.5"). */
export function usdInput(micros: number): string {
  return String(micros / 1e6);
}

export function tokens(n: number): string {
  return n.toLocaleString('en-US');
}

export function latency(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A date and time in the given zone (the budgets' zone), short. */
export function dateTime(epochMs: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

/** A clock time with seconds, for the live log. */
export function clockTime(epochMs: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(epochMs);
}

/** "in 3 h", "in 2 days": how far away a time is. */
export function fromNow(epochMs: number, now: number): string {
  const ms = epochMs - now;
  const abs = Math.abs(ms);
  const [value, unit] =
    abs < 60_000 ? [Math.round(abs / 1000), 'second'] :
    abs < 3_600_000 ? [Math.round(abs / 60_000), 'minute'] :
    abs < 86_400_000 ? [Math.round(abs / 3_600_000), 'hour'] :
    [Math.round(abs / 86_400_000), 'day'];
  return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(ms < 0 ? -value : value, unit as Intl.RelativeTimeFormatUnit);
}

export const PERIOD_LABELS = { total: 'Total (never resets)', hourly: 'Hourly', daily: 'Daily', weekly: 'Weekly (from Monday)', monthly: 'Monthly' } as const;
