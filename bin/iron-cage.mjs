#!/usr/bin/env node
// The bundled CLI (built by `npm ci` / `npm run build:cli`) starts fast; without it, run the
// TypeScript sources through tsx so a checkout works before any build.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (existsSync(bundle) && !process.env.IRON_CAGE_FROM_SOURCE) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/src/cli/main.ts');
}
