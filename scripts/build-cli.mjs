// Bundles the CLI into dist/cli.mjs: one file starts in a fraction of the time that loading
// hundreds of TypeScript modules through a loader hook takes. Run by `prepare` (so `npm ci` builds it)
// and before the tests (so they never run a stale bundle).
import { build } from 'esbuild';

await build({
  entryPoints: ['server/src/cli/main.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Native and worker-based packages stay external and load from node_modules.
  external: ['better-sqlite3', 'pino', '@node-rs/argon2'],
  banner: { js: "import { createRequire as __icRequire } from 'node:module'; const require = __icRequire(import.meta.url);" },
  logLevel: 'warning',
});
