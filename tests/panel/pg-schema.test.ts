import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPgPanelDb } from '../../core/src/node/panel/store/pg-panel-db.ts';
import { needsWriterLock, toPgSql } from '../../core/src/node/panel/store/pg-sql.ts';
import { openSqlitePanelDb } from '../../core/src/node/panel/store/sqlite-panel-db.ts';
import { freshPgDatabase } from '../support/pg-db.ts';

describe('the PostgreSQL engine', () => {
  it('has the same tables and columns as the SQLite engine (the migrations have not drifted apart)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-schema-'));
    const lite = openSqlitePanelDb(join(dir, 'panel.db'));
    const pg = openPgPanelDb(await freshPgDatabase('schema'));
    try {
      const liteTables = await lite.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
      const liteCols: string[] = [];
      for (const t of liteTables) {
        for (const c of await lite.all<{ name: string }>(`SELECT name FROM pragma_table_info('${t.name}')`)) liteCols.push(`${t.name}.${c.name}`);
      }
      const pgCols = (await pg.all<{ t: string; c: string }>("SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public'")).map((r) => `${r.t}.${r.c}`);
      // PostgreSQL may be ahead by tables of its own (panel_meta), never behind.
      expect(pgCols.filter((c) => !c.startsWith('panel_meta.')).sort()).toEqual(liteCols.filter((c) => !c.startsWith('panel_meta.')).sort());
    } finally {
      await lite.close();
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('numbers placeholders, leaves quoted text alone and types a parameter tested for NULL', () => {
    expect(toPgSql("SELECT * FROM t WHERE a = ? AND b = '?' AND (? IS NULL OR c = ?)")).toBe("SELECT * FROM t WHERE a = $1 AND b = '?' AND ($2::text IS NULL OR c = $3)");
  });

  it('takes the writer lock for ledger statements only', () => {
    expect(needsWriterLock('DELETE FROM nonces WHERE nonce = ?')).toBe(false);
    expect(needsWriterLock('UPDATE devices SET last_seen_at = ? WHERE id = ?')).toBe(false);
    expect(needsWriterLock('SELECT limit_micros FROM agents WHERE id = ?')).toBe(true);
    expect(needsWriterLock('SELECT l.id FROM leases l JOIN agents a ON a.id = l.agent_id')).toBe(true);
    expect(needsWriterLock('INSERT INTO panel_audit (seq) VALUES (?)')).toBe(true);
  });

  it('serialises concurrent writers across two connections pools (two instances): no lost update', async () => {
    const url = await freshPgDatabase('lock');
    const a = openPgPanelDb(url);
    const b = openPgPanelDb(url);
    try {
      await a.run("INSERT INTO teams (id, name, limit_micros, period, created_at) VALUES ('t', 't', 1000, 'monthly', 0)");
      // Read-modify-write, the repositories' pattern: without the lock half of these increments would be lost.
      const bump = (db: typeof a) =>
        db.tx(async (ex) => {
          const r = await ex.get<{ c: number }>("SELECT committed_micros AS c FROM teams WHERE id = 't'");
          await new Promise((res) => setTimeout(res, 2));
          await ex.run("UPDATE teams SET committed_micros = ? WHERE id = 't'", [Number(r!.c) + 1]);
        });
      await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? a : b)));
      expect((await a.get<{ c: number }>("SELECT committed_micros AS c FROM teams WHERE id = 't'"))!.c).toBe(40);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
