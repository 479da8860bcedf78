import { formatUsd } from '../../../core/src/domain/money.ts';

/**
 * Text from outside (model names, agent names, provider messages) made safe for a terminal: control characters
 * (escape sequences, newlines, carriage returns, bells) and bidirectional overrides are shown as `\u{…}` instead of acting.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** Prints one line of text that may come from outside, safely. */
export function say(line: string): void {
  console.log(printable(line));
}

/** Prints rows as an aligned plain-text table; an empty list prints `empty` instead. */
export function printTable(headers: string[], rows: (string | number)[][], empty: string): void {
  if (rows.length === 0) {
    console.log(empty);
    return;
  }
  const cells = [headers, ...rows.map((r) => r.map((c) => printable(String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const r of cells) console.log(r.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

export const usd = formatUsd;

export function when(epochMs: number | null): string {
  return epochMs === null ? '-' : new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "1 record", "3 records". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
