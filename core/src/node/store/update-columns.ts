import type { Db } from '../db/open-database.ts';

/**
 * Updates the given columns of one row and stamps `updated_at`. Column names must come from the caller's
 * fixed mapping, never from input; values are bound as parameters.
 */
export function updateColumns(db: Db, table: 'agents' | 'providers', id: string, cols: Record<string, unknown>, now: number): void {
  const names = Object.keys(cols);
  if (names.length === 0) return;
  const set = names.map((n) => `${n} = @${n}`).join(', ');
  db.prepare(`UPDATE ${table} SET ${set}, updated_at = @now WHERE id = @id`).run({ ...cols, now, id });
}
