import { InvalidArgumentError } from 'commander';
import { usdToMicros } from '../../../core/src/domain/money.ts';
import { BudgetPeriodSchema, type BudgetPeriod } from '../../../core/src/domain/period.ts';

/** Commander argument parsers: each rejects bad input before anything is opened or written. */
export function parseUsd(value: string): number {
  if (!/^\d+(\.\d{1,6})?$/.test(value.trim())) {
    throw new InvalidArgumentError('expected a USD amount such as 25 or 12.50');
  }
  return usdToMicros(Number(value));
}

export function parsePeriod(value: string): BudgetPeriod {
  const r = BudgetPeriodSchema.safeParse(value);
  if (!r.success) throw new InvalidArgumentError(`expected one of ${BudgetPeriodSchema.options.join(', ')}`);
  return r.data;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

export function parseList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list');
  return items;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseIsoTime(value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError('expected an ISO date or time such as 2026-11-01 or 2026-11-01T09:00:00Z');
  return t;
}

/** USD per million tokens, stored as integer micro-USD per million tokens. */
export function parseUsdPerMtok(value: string): number {
  if (!/^\d+(\.\d{1,6})?$/.test(value.trim())) {
    throw new InvalidArgumentError('expected USD per million tokens, such as 0.15 or 3');
  }
  return usdToMicros(Number(value));
}
