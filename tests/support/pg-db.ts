import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl } from './embedded-pg.ts';

/** A fresh, empty database on the run's throwaway PostgreSQL server; resolves to its URL. */
export async function freshPgDatabase(label = 'suite'): Promise<string> {
  const admin = inject('pgAdminUrl');
  const name = `ic_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return databaseUrl(admin, name);
}

/** The store engines every panel suite runs on. */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];
