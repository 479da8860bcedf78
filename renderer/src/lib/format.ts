/**
 * Micro-USD as dollars, by one rule everywhere: cents from $1 up; below $1, four significant digits (at most
 * the micro-dollar), so $0.0123 and $0.009896 read alike instead of one being rounded to $0.01.
 */
export function usd(micros: number): string {
  if (micros === 0) return '$0.00';
  const dollars = micros / 1e6;
  const abs = Math.abs(dollars);
  if (abs >= 1) {
    return dollars.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  const decimals = Math.min(6, Math.max(2, 3 - Math.floor(Math.log10(abs))));
  const text = abs.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1');
  return `${dollars < 0 ? '-' : ''}$${text}`;
}

/** "1 agent", "0 agents". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

const OUTCOME_LABELS: Record<string, string> = {
  ok: 'OK',
  in_flight: 'In flight',
  agent_suspended: 'Agent suspended',
  budget_exceeded: 'Budget exceeded',
  model_not_allowed: 'Model not allowed',
  unknown_model_price: 'No price for model',
  no_provider: 'No provider',
  guardrail_blocked: 'Blocked by guardrail',
  invalid_ic_token: 'Invalid token',
  invalid_request: 'Invalid request',
  request_too_large: 'Request too large',
  upstream_error: 'Upstream error',
  killed: 'Cut by kill switch',
  agent_killed: 'Cut by kill switch',
  client_closed: 'Client disconnected',
  timeout: 'Upstream timeout',
};

/** An outcome code as a person reads it ("budget_exceeded" → "Budget exceeded"); unknown codes are spelled out. */
export function outcomeLabel(outcome: string): string {
  const known = OUTCOME_LABELS[outcome];
  if (known) return known;
  if (/^http_\d+$/.test(outcome)) return `Upstream HTTP ${outcome.slice(5)}`;
  const words = outcome.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
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
export const PERIOD_SHORT = { total: 'Total', hourly: 'Hourly', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' } as const;
