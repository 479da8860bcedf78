// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
