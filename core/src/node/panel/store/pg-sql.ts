/**
 * Turns the repositories' portable SQL (`?` placeholders) into PostgreSQL's numbered `$n` ones, leaving quoted
 * literals alone. A placeholder tested with `IS NULL` gets a `::text` cast: PostgreSQL cannot infer the type of a
 * bare parameter there (every such parameter in the repositories is an optional id).
 */
const cache = new Map<string, string>();

export function toPgSql(sql: string): string {
  const hit = cache.get(sql);
  if (hit !== undefined) return hit;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (quote) {
      out += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch !== '?') {
      out += ch;
      continue;
    }
    n++;
    out += /^\s+IS\s+(NOT\s+)?NULL\b/i.test(sql.slice(i + 1)) ? `$${n}::text` : `$${n}`;
  }
  if (cache.size < 1_000) cache.set(sql, out);
  return out;
}

/**
 * Tables a transaction may touch without the panel-wide writer lock: each statement on them is atomic on its own
 * (a nonce spent by a conditional DELETE, a code consumed by a conditional UPDATE, a device's last-seen time).
 * Anything else (budgets, leases, epochs, usage, events, the audit chain) reads then writes, so it needs writers
 * serialised exactly as SQLite's BEGIN IMMEDIATE serialises them.
 */
const LOCK_FREE = new Set(['nonces', 'devices', 'enrol_codes', 'sessions', 'login_attempts']);
const TABLE_REF = /\b(?:from|into|update|join)\s+([a-z_][a-z0-9_]*)/gi;

export function needsWriterLock(sql: string): boolean {
  for (const m of sql.matchAll(TABLE_REF)) {
    if (!LOCK_FREE.has((m[1] as string).toLowerCase())) return true;
  }
  return false;
}
