import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the dashboard alone into out/renderer, the folder `iron-cage serve` serves at `/` and the desktop
 * build (electron.vite.config.ts) also writes. Relative asset URLs work from both http:// and file://.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Chart.js alone is ~200 kB; one chunk is fine for a local dashboard.
    chunkSizeWarningLimit: 800,
    // Rolldown's per-plugin timing report is noise in every build log.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: { port: 5173, strictPort: true },
});
