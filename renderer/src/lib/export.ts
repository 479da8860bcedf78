import type { AuditRecord } from '../../../core/src/contract/ops/audit.ts';
import type { SpendRow } from '../../../core/src/contract/ops/analytics.ts';
import type { CallRecord } from '../../../core/src/contract/ops/usage.ts';
import { periodWindow } from '../../../core/src/domain/period.ts';

export type ExportFormat = 'csv' | 'json';

/** One CSV cell: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it. */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v !== 'number') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header line, CRLF line ends. */
export function toCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The start of a local calendar day (`2026-11-01`) in the budgets' time zone, in epoch ms. */
export function dayStart(date: string, timeZone: string): number {
  // Noon UTC falls on the same calendar date in every zone from UTC-12 to UTC+11.
  return periodWindow('daily', Date.parse(`${date}T12:00:00Z`), timeZone).start;
}

/** `[since, until)` for an inclusive range of local dates. */
export function dateRange(from: string, to: string, timeZone: string): { since: number; until: number } {
  const since = dayStart(from, timeZone);
  const until = periodWindow('daily', dayStart(to, timeZone), timeZone).end;
  return { since, until };
}

/** A local date as `YYYY-MM-DD` in a time zone. */
export function isoDate(epochMs: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs);
}

export const CALL_COLUMNS = [
  'id', 'startedAt', 'agentName', 'providerName', 'model', 'endpoint', 'stream', 'state', 'outcome', 'httpStatus',
  'costMicros', 'reservedMicros', 'inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens',
  'usageEstimated', 'latencyMs', 'findings',
] as const satisfies readonly (keyof CallRecord)[];

export const USAGE_COLUMNS = [
  'bucket', 'agent', 'provider', 'model', 'calls', 'refused', 'costMicros', 'inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens',
] as const satisfies readonly (keyof SpendRow)[];

export const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'details', 'prevHash', 'hash'] as const satisfies readonly (keyof AuditRecord)[];

/** Times as ISO text in exports, so a spreadsheet reads them; money stays integer micro-USD, plus USD. */
export function callRows(calls: readonly CallRecord[]): (CallRecord & { costUsd: string })[] {
  return calls.map((c) => ({ ...c, startedAt: new Date(c.startedAt).toISOString() as unknown as number, costUsd: (c.costMicros / 1e6).toFixed(6) }));
}

/** Hands a file to the browser (or the desktop window) to save. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
