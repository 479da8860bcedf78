import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { PanelDb, SqlExecutor, SqlValue } from '../../../panel/store-port.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';

/**
 * The panel's SQLite engine: one WAL file, writers serialised by BEGIN IMMEDIATE (which also locks out a second
 * process such as the `panel` CLI while a transaction runs) and, within this process, by a promise queue so that
 * two async transactions never interleave on the one connection.
 */
export function openSqlitePanelDb(file: string): PanelDb {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  // Password hashes and sealed keys live here: readable by the panel's user only.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);

  const ex: SqlExecutor = {
    run: (sql, params = []) => Promise.resolve(db.prepare(sql).run(...(params as SqlValue[])).changes),
    get: <T>(sql: string, params: readonly SqlValue[] = []) => Promise.resolve(db.prepare(sql).get(...(params as SqlValue[])) as T | undefined),
    all: <T>(sql: string, params: readonly SqlValue[] = []) => Promise.resolve(db.prepare(sql).all(...(params as SqlValue[])) as T[]),
  };
  let queue: Promise<unknown> = Promise.resolve();

  return {
    engine: 'sqlite',
    ...ex,
    tx<T>(fn: (ex: SqlExecutor) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(ex);
          db.exec('COMMIT');
          return result;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      await queue;
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  const current = row.v ?? 0;
  for (const m of SQLITE_MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
    }).immediate();
  }
}
