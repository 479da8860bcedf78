import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the ledger database in WAL mode and brings its schema up to date.
 * Several processes (the desktop app, a CLI, a headless gateway) may open the same file at once.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash without an fsync per commit; only an OS crash or
  // power loss can drop the very last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process holding the write lock for a moment must not fail a call.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const apply = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    const ordered = [...MIGRATIONS].sort((a, b) => a.version - b.version);
    const latest = ordered.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new Error(
        `this database was written by a newer Iron Cage (schema ${current}, this version knows ${latest}); upgrade Iron Cage`,
      );
    }
    for (const m of ordered) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  // IMMEDIATE takes the write lock first, so two processes starting together migrate once.
  apply.immediate();
}
