import type { CallFinding } from '../../contract/ops/usage.ts';
import type { Db } from '../db/open-database.ts';

/**
 * Guardrail findings kept with their call, so the dashboard shows them after a reload. Appended in one
 * transaction per decision batch; a call that does not exist (yet) is left alone.
 */
export class SqliteCallFindings {
  private readonly appendTx;

  constructor(db: Db) {
    const read = db.prepare<[string], { guard_findings: string | null }>('SELECT guard_findings FROM calls WHERE id = ?');
    const write = db.prepare<[string, string]>('UPDATE calls SET guard_findings = ? WHERE id = ?');
    this.appendTx = db.transaction((callId: string, findings: readonly CallFinding[]) => {
      const row = read.get(callId);
      if (!row) return false;
      let before: unknown = [];
      try {
        before = row.guard_findings === null ? [] : JSON.parse(row.guard_findings);
      } catch {
        before = [];
      }
      write.run(JSON.stringify([...(Array.isArray(before) ? before : []), ...findings]), callId);
      return true;
    });
  }

  /** Adds findings to a call; false when there is no such call. */
  append(callId: string, findings: readonly CallFinding[]): boolean {
    if (findings.length === 0) return true;
    return this.appendTx.immediate(callId, findings) as boolean;
  }
}
