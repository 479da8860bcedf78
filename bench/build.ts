import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO } from './processes.ts';

export interface Bundles {
  emulator: string;
  bareProxy: string;
  loadClient: string;
}

/**
 * Bundles the emulator, the bare proxy and the load generator into single files, so that every process of the
 * benchmark runs on plain `node` like the gateway's own bundle does (no loader hooks, same start-up and memory
 * footing for the bare proxy and the gateway).
 */
export async function bundleHelpers(outDir: string): Promise<Bundles> {
  const entries = {
    emulator: join(REPO, 'server/src/emulator/main.ts'),
    bareProxy: join(REPO, 'bench/bare-proxy.ts'),
    loadClient: join(REPO, 'bench/load-client.ts'),
  };
  await build({
    entryPoints: entries,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // undici is CommonJS and requires Node built-ins: give the ESM bundle a `require` (as scripts/build-cli.mjs does).
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return {
    emulator: join(outDir, 'emulator.mjs'),
    bareProxy: join(outDir, 'bareProxy.mjs'),
    loadClient: join(outDir, 'loadClient.mjs'),
  };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The gateway is measured as shipped: `bin/iron-cage.mjs` → `dist/cli.mjs`. When the bundle is older than the
 * sources it is rebuilt with the project's own build step (as `npm test` does), so the numbers are never a stale
 * build's. Returns whether it rebuilt.
 */
export function ensureFreshCli(): boolean {
  const bundle = join(REPO, 'dist/cli.mjs');
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const sources = Math.max(newestSource(join(REPO, 'core/src')), newestSource(join(REPO, 'server/src')));
  if (built >= sources) return false;
  const r = spawnSync(process.execPath, [join(REPO, 'scripts/build-cli.mjs')], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`building the CLI bundle failed: ${r.stderr}${r.stdout}`);
  return true;
}
