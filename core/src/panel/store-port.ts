/**
 * The panel's storage port. Repositories speak portable SQL (`?` placeholders, no engine-specific syntax) through a
 * `SqlExecutor`, so one set of queries serves SQLite and PostgreSQL; each engine supplies an adapter, its own
 * numbered migrations and a transaction that serialises writers (BEGIN IMMEDIATE on SQLite, row locks on
 * PostgreSQL). Everything is asynchronous because PostgreSQL is.
 */
export type SqlValue = string | number | null;

export interface SqlExecutor {
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

export interface PanelDb extends SqlExecutor {
  /** The engine, for the few places that must differ (migrations, locks). */
  readonly engine: 'sqlite' | 'postgres';
  /** True when events queued by another process or instance wake this one's push streams (PostgreSQL LISTEN). */
  readonly wakesAcrossInstances?: boolean;
  /** Runs `fn` in one write transaction; it commits when `fn` resolves and rolls back when it throws. */
  tx<T>(fn: (ex: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
