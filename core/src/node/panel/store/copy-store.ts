import type { PanelDb, SqlValue } from '../../../panel/store-port.ts';
import { appError } from '../../../domain/errors.ts';

/** Parents before children, so foreign keys hold at every insert; tables added later are copied after these. */
const ORDER = ['teams', 'users', 'providers', 'agents', 'devices', 'enrol_codes', 'nonces', 'lease_epochs', 'leases', 'usage_records', 'device_events', 'panel_audit', 'sessions', 'login_attempts', 'budget_requests'];
const BATCH = 200;

export interface CopyReport {
  tables: { table: string; rows: number }[];
  rows: number;
}

/**
 * Copies a SQLite panel store into an empty PostgreSQL one, table by table, in one transaction on the target: it
 * either lands whole or not at all. Only columns both schemas have are copied (both are at their latest
 * migration). Refuses a target that already holds a panel.
 */
export async function copyPanelStore(from: PanelDb, to: PanelDb): Promise<CopyReport> {
  if (from.engine !== 'sqlite' || to.engine !== 'postgres') throw appError('INVALID_INPUT', 'the copy goes from a SQLite panel to a PostgreSQL one');
  const sourceTables = (await from.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version'")).map((r) => r.name);
  const tables = [...ORDER.filter((t) => sourceTables.includes(t)), ...sourceTables.filter((t) => !ORDER.includes(t)).sort()];
  const targetCols = new Map<string, string[]>();
  for (const r of await to.all<{ t: string; c: string }>("SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY ordinal_position")) {
    targetCols.set(r.t, [...(targetCols.get(r.t) ?? []), r.c]);
  }
  return to.tx(async (ex) => {
    const existing = await ex.get<{ n: number }>('SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM agents) + (SELECT COUNT(*) FROM panel_audit) AS n');
    if (Number(existing?.n) > 0) throw appError('CONFLICT', 'the PostgreSQL database already holds a panel: copy into an empty database');
    const report: CopyReport = { tables: [], rows: 0 };
    for (const table of tables) {
      const target = targetCols.get(table);
      if (!target) throw appError('INVALID_INPUT', `the PostgreSQL database has no table ${table}: is this Iron Cage older than the SQLite panel?`);
      const sourceCols = (await from.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)).map((r) => r.name);
      const cols = sourceCols.filter((c) => target.includes(c));
      const rows = await from.all<Record<string, SqlValue>>(`SELECT ${cols.join(', ')} FROM ${table}`);
      for (let i = 0; i < rows.length; i += BATCH) {
        const chunk = rows.slice(i, i + BATCH);
        const values = chunk.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ');
        await ex.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values}`, chunk.flatMap((r) => cols.map((c) => r[c] ?? null)));
      }
      report.tables.push({ table, rows: rows.length });
      report.rows += rows.length;
    }
    return report;
  });
}
