// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';
import pluginVue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'resources/**', '.tmp*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // core is the domain: it never reaches into a host, and never into electron.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'electron-store'],
        patterns: ['**/server/**', '**/electron/**', '**/renderer/**'],
      }],
    },
  },
  {
    // Only core/src/node may use Node built-ins and native adapters; the rest of core stays portable.
    files: ['core/src/**/*.ts'],
    ignores: ['core/src/node/**', 'core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'electron-store', 'better-sqlite3', 'undici', 'pino'],
        patterns: ['node:*', '**/server/**', '**/electron/**', '**/renderer/**', '**/node/**'],
      }],
    },
  },
  {
    // The panel's domain and protocol are pure: storage, HTTP and crypto live in core/src/node/panel.
    files: ['core/src/panel/**/*.ts'],
    ignores: ['core/src/panel/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'electron-store', 'better-sqlite3', 'pg', 'hono', '@hono/node-server', 'undici', 'pino'],
        patterns: ['node:*', '**/server/**', '**/electron/**', '**/renderer/**', '**/node/**', '**/gateway/**'],
      }],
    },
  },
  {
    // The panel's Node adapters serve the panel only: never the local gateway's request path or a host.
    files: ['core/src/node/panel/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'electron-store'],
        patterns: ['**/server/**', '**/electron/**', '**/renderer/**', '**/node/gateway/**', '**/guard/**'],
      }],
    },
  },
  {
    // The dashboard runs in a browser or Electron's sandboxed renderer: it talks to the gateway only through the
    // contract's ApiClient, never to Node, the store or a host.
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.vue', 'renderer/panel/src/**/*.ts', 'renderer/panel/src/**/*.vue'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'electron-store', 'better-sqlite3', 'undici', 'pino'],
        patterns: [
          { group: ['node:*'], message: 'the renderer has no Node built-ins' },
          { group: ['**/core/src/node/**', '**/server/**', '**/electron/**'], message: 'the renderer reaches the gateway only through the ApiClient' },
        ],
      }],
    },
  },
  // Vue single-file components: Vue's recommended rules, TypeScript in <script setup lang="ts">. Not type-aware
  // (typescript-eslint's project service does not read .vue files); vue-tsc type-checks them instead.
  ...pluginVue.configs['flat/recommended'].map((c) => ({ ...c, files: ['renderer/**/*.vue'] })),
  {
    files: ['renderer/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // Formatting rules of the plugin fight long attribute lists that read fine; layout is not what lint is for here.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
    },
  },
  {
    // Build configuration runs in Node, outside the renderer's browser-only TypeScript project.
    files: ['renderer/vite.config.ts', 'renderer/panel/vite.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Electron main is a host: it composes core (and may use Node), but never reaches into the dashboard,
    // the CLI, or the preload's world.
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/renderer/**', '**/server/**', '**/preload/**'] }],
    },
  },
  {
    // The preload runs sandboxed in the page's process: Electron's ipcRenderer/contextBridge and the contract's
    // types, nothing else (no Node built-in, no package, no core code bundled into it).
    files: ['electron/preload/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: builtinModules.map((name) => ({ name, message: 'the sandboxed preload has no Node built-ins' })),
        patterns: [
          { regex: '^node:', message: 'the sandboxed preload has no Node built-ins' },
          { regex: '/core/src/contract/', allowTypeImports: true, message: 'the preload imports only the contract\'s types' },
          { regex: '^(?!electron$|\\./)(?!.*/core/src/contract/)', message: 'the preload imports only electron, its own files and contract types' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', 'module'],
    },
  },
  {
    // The CLI talks to a terminal; the console is its user interface. Tests and scripts may print too.
    files: ['server/src/cli/**/*.ts', 'bin/**', 'bench/**', 'scripts/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
);
