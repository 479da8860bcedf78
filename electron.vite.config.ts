import { defineConfig } from 'electron-vite';
import renderer from './renderer/vite.config.ts';

/**
 * `npm run build`: the desktop app's three bundles in out/ (what electron-builder packages).
 * - main: ES module (package.json is `"type": "module"`). Core's TypeScript is bundled in; every package in
 *   `dependencies` stays external and loads from node_modules, so native better-sqlite3 is never bundled.
 * - preload: one CommonJS file, since sandboxed preloads can neither be ES modules nor require anything
 *   but `electron`.
 * - renderer: the dashboard, built by its own Vite config (also used by `iron-cage serve`) into out/renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      sourcemap: true,
      rolldownOptions: { input: { index: 'electron/main/index.ts' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: 'electron/preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...renderer,
    build: { ...renderer.build, rolldownOptions: { ...renderer.build?.rolldownOptions, input: 'renderer/index.html' } },
  },
});
