import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'server/**/*.test.ts', 'tests/**/*.test.ts'],
    // Integration suites start real servers and spawn the CLI; two cores are shared between them.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
