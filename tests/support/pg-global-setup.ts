import type { TestProject } from 'vitest/node';
import { startThrowawayPg, type ThrowawayPg } from './embedded-pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the one throwaway PostgreSQL server this test run started. */
    pgAdminUrl: string;
    /** The store engine the panel fixture uses in this project (SQLite when absent). */
    panelEngine?: 'sqlite' | 'postgres';
  }
}

/**
 * Starts ONE throwaway PostgreSQL for the whole run (suites each create their own database on it, see pg-db.ts)
 * and stops it by its process id when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Several projects run this setup in the one main process: they share one server, stopped by the last of them.
  const shared = globalThis as { __icPg?: { server: Promise<ThrowawayPg>; users: number } };
  shared.__icPg ??= { server: startThrowawayPg(), users: 0 };
  const state = shared.__icPg;
  state.users++;
  const server = await state.server;
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    if (--state.users > 0) return;
    delete shared.__icPg;
    await server.stop();
  };
}
