import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration suites start real servers and spawn the CLI; two cores are shared between them.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['core/**/*.test.ts', 'server/**/*.test.ts', 'electron/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          // One throwaway PostgreSQL for the whole run (shared with the panel-pg project below).
          globalSetup: ['tests/support/pg-global-setup.ts'],
        },
      },
      {
        // The panel's store and protocol suites again, on PostgreSQL: the fixture reads the engine from `provide`.
        extends: true,
        test: {
          name: 'panel-pg',
          include: ['tests/panel/**/*.test.ts'],
          // Suites that do not use the fixture (the CLI on a SQLite data dir, the PostgreSQL-only ones) run once, in node.
          exclude: ['tests/panel/multi-instance.test.ts', 'tests/panel/pg-*.test.ts', 'tests/panel/panel-cli.test.ts'],
          globalSetup: ['tests/support/pg-global-setup.ts'],
          provide: { panelEngine: 'postgres' },
        },
      },
      {
        // The dashboard's stores and components, in a simulated DOM.
        extends: true,
        plugins: [vue()],
        test: { name: 'renderer', include: ['renderer/**/*.test.ts'], environment: 'happy-dom' },
      },
      {
        // The dashboard in Debian's Chromium, against the real `iron-cage serve` (needs out/renderer built).
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
