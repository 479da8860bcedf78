import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the team Control Panel's dashboard into out/panel-ui, the folder `iron-cage panel serve` serves at `/`.
 * A second entry beside the local dashboard: it imports the local dashboard's components, styles and formatting
 * from renderer/src rather than copying them.
 */
export default defineConfig({
  root,
  base: './',
  publicDir: fileURLToPath(new URL('../public', import.meta.url)),
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../../out/panel-ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
