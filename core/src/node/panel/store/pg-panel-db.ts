import pg from 'pg';
import { appError } from '../../../domain/errors.ts';
import type { PanelDb, SqlExecutor, SqlValue } from '../../../panel/store-port.ts';
import { wakeAll, wakeDevice } from '../event-wake.ts';
import { PG_MIGRATIONS } from './pg-migrations.ts';
import { needsWriterLock, toPgSql } from './pg-sql.ts';

/** Advisory lock keys (one namespace for Iron Cage): the writer lock, and the migration lock. */
const WRITER_LOCK = 0x1c_0001;
const MIGRATE_LOCK = 0x1c_0002;
export const EVENTS_CHANNEL = 'ic_panel_events';

// BIGINT (20) and NUMERIC (1700, what SUM returns) as numbers: money and times stay far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

export interface PgPanelDbOptions {
  /** Connections in this instance's pool. */
  poolSize?: number;
  /** Listen for push events queued by other instances (off for one-shot CLI commands). */
  listen?: boolean;
}

/**
 * The panel's PostgreSQL engine. Several panel instances share one database: every write transaction that touches
 * the ledger first takes one transaction-scoped advisory lock, so grants, top-ups, captures, the reaper and the
 * audit chain are serialised across instances exactly as BEGIN IMMEDIATE serialises them on SQLite (the same
 * repositories, unchanged). Transactions that only spend a nonce or touch a device row skip it. Push events reach
 * every instance through LISTEN/NOTIFY (a trigger on device_events).
 */
export function openPgPanelDb(url: string, opts: PgPanelDbOptions = {}): PanelDb {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, types });
  // An idle client's error (the server restarting) must not crash the panel: the pool replaces the client.
  pool.on('error', () => undefined);
  const ready = migrate(pool).catch((e: unknown) => {
    throw unreachable(url, e);
  });
  ready.catch(() => undefined);
  const listener = opts.listen ? listen(url) : null;

  const on = (q: pg.Pool | pg.PoolClient): SqlExecutor => ({
    run: async (sql, params = []) => (await q.query(toPgSql(sql), params as SqlValue[])).rowCount ?? 0,
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => (await q.query(toPgSql(sql), params as SqlValue[])).rows[0] as T | undefined,
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await q.query(toPgSql(sql), params as SqlValue[])).rows as T[],
  });
  const direct = on(pool);

  return {
    engine: 'postgres',
    wakesAcrossInstances: opts.listen === true,
    run: async (sql, params) => (await ready, direct.run(sql, params)),
    get: async <T>(sql: string, params?: readonly SqlValue[]) => (await ready, direct.get<T>(sql, params)),
    all: async <T>(sql: string, params?: readonly SqlValue[]) => (await ready, direct.all<T>(sql, params)),
    async tx<T>(fn: (ex: SqlExecutor) => Promise<T>): Promise<T> {
      await ready;
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const plain = on(client);
        let locked = false;
        const lock = async (sql: string): Promise<void> => {
          if (locked || !needsWriterLock(sql)) return;
          await client.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK]);
          locked = true;
        };
        const ex: SqlExecutor = {
          run: async (sql, params) => (await lock(sql), plain.run(sql, params)),
          get: async <R>(sql: string, params?: readonly SqlValue[]) => (await lock(sql), plain.get<R>(sql, params)),
          all: async <R>(sql: string, params?: readonly SqlValue[]) => (await lock(sql), plain.all<R>(sql, params)),
        };
        const result = await fn(ex);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await listener?.close();
      await ready.catch(() => undefined);
      await pool.end();
    },
  };
}

/** A clear error for an unreachable or refusing server, never the password. */
function unreachable(url: string, e: unknown): Error {
  const u = new URL(url);
  const why = e instanceof Error ? e.message : String(e);
  return appError('UPSTREAM_ERROR', `cannot open the panel database at postgres://${u.hostname}:${u.port || '5432'}${u.pathname}: ${why}`);
}

/** Applies the numbered migrations once, under a session advisory lock, so instances starting together agree. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)');
    const current = Number((await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version')).rows[0]?.v ?? 0);
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [m.version]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => undefined);
    client.release();
  }
}

/**
 * One dedicated connection per instance that LISTENs for push events and wakes the device streams open here. If it
 * drops, it reconnects and wakes every stream (they re-read the database, so nothing queued meanwhile is missed).
 */
function listen(url: string): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const connect = (): void => {
    const c = new pg.Client({ connectionString: url, types });
    client = c;
    const retry = (): void => {
      c.removeAllListeners();
      c.on('error', () => undefined);
      void c.end().catch(() => undefined);
      if (closed || timer) return;
      timer = setTimeout(() => {
        timer = null;
        connect();
      }, 500);
      timer.unref();
    };
    c.on('notification', (m) => {
      if (m.payload) wakeDevice(m.payload);
    });
    c.on('error', retry);
    c.on('end', retry);
    c.connect()
      .then(() => c.query(`LISTEN ${EVENTS_CHANNEL}`))
      .then(() => wakeAll())
      .catch(retry);
  };
  connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
