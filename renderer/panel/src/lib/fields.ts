import { appError } from '../../../../core/src/domain/errors.ts';
import { parseUsd, PERIOD_LABELS } from '../../../src/lib/format.ts';

export const PERIOD_OPTIONS = Object.entries(PERIOD_LABELS).map(([value, label]) => ({ value, label }));
export const ROLE_OPTIONS = ['member', 'lead', 'viewer', 'admin'] as const;

/** A typed USD amount as micro-USD, or a clear refusal before anything is sent. */
export function usdField(text: string | undefined, what: string): number {
  const m = parseUsd(text ?? '');
  if (m === undefined) throw appError('INVALID_INPUT', `${what} must be an amount in USD, like 25 or 12.50`);
  return m;
}

/** "a, b" → ["a", "b"]; empty → undefined (the server's default). */
export function listField(text: string | undefined): string[] | undefined {
  const items = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export const optional = (text: string | undefined): string | undefined => (text?.trim() ? text.trim() : undefined);
