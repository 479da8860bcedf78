import type { TestProject } from 'vitest/node';
import { startThrowawayPg } from './embedded-pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the one throwaway PostgreSQL server this test run started. */
    pgAdminUrl: string;
  }
}

/**
 * Starts ONE throwaway PostgreSQL for the whole run (suites each create their own database on it, see pg-db.ts)
 * and stops it by its process id when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startThrowawayPg();
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
