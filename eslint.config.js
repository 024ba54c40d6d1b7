import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * Layers by what code may touch (docs/architecture.md). A wrong import fails lint here instead of
 * waiting for review.
 */
const ioModules = [
  'fs',
  'node:*',
  'child_process',
  'net',
  'http',
  'https',
  'electron',
  'better-sqlite3',
  'drizzle-orm',
  'drizzle-orm/*',
  'dockerode',
];
const pureLayer = (what) => ({
  patterns: [
    { group: ioModules, message: `${what} is pure: no I/O (fs, network, database, docker, electron).` },
    {
      group: ['**/store/**', '**/sandbox/**', '**/engine/**', '**/app/**', '**/surfaces/**', '**/audit/**'],
      message: `${what} may not depend on layers with I/O.`,
    },
  ],
});

const electronEntry = ['src-main/index.ts', 'src-main/windows/**', 'src-main/security/**', 'src-main/surfaces/ipc/**'];
const noSql = {
  group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
  message: 'only src-main/store/ talks to SQLite.',
};
const noDocker = { group: ['dockerode'], message: 'only src-main/sandbox/ talks to Docker.' };
const noElectron = {
  group: ['electron'],
  message: 'only the Electron entry (src-main/index.ts, windows/, security/, surfaces/ipc/) loads electron.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      '.tools/**',
      'node_modules/**',
      'resources/drizzle/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]",
          message: 'no .only in tests',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
      globals: { ...globals.browser },
    },
  },
  { files: ['src-main/domain/**/*.ts'], rules: { 'no-restricted-imports': ['error', pureLayer('src-main/domain')] } },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureLayer('src-preload/contract')] },
  },
  {
    files: ['src-main/execplan/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'dockerode', 'electron'],
              message: 'execplan works on text and files only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**', ...ioModules],
              message: 'the renderer knows the contract types and nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only store/ writes SQL; only the Electron entry loads electron.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/store/**', 'src-main/domain/**', ...electronEntry],
    rules: { 'no-restricted-imports': ['error', { patterns: [noSql, noElectron, noDocker] }] },
  },
  {
    // Tests may open the database directly, to tamper with it the way an attacker would.
    files: ['src-main/**/*.spec.ts', 'src-main/testing/**/*.ts'],
    ignores: ['src-main/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron] }] },
  },
  {
    files: ['src-main/sandbox/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noSql, noElectron] }] },
  },
  {
    files: ['src-main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'dockerode'], message: 'the store talks to SQLite only.' }] },
      ],
    },
  },
);
