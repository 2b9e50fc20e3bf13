// Lint for src/, test/ and bench/: typescript-eslint's recommended rules, kept modest, plus the floors of the
// house as import rules (CONTRIBUTING.md): every import points down, only src/io touches the file system, only
// src/cli imports the terminal libraries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Relative imports of the floors above, as a regular expression over the import path. */
const above = (files, folders) => `^(\\.\\./)+(${[...files.map((f) => `${f}\\.js$`), ...folders.map((d) => `${d}/`)].join('|')})`;
const UP_FROM_STAGES = above(['analyze', 'explain', 'score', 'index'], ['model', 'batch', 'io', 'cli', 'report']);
const TERMINAL = [
  { name: 'commander', message: 'Only src/cli may use commander.' },
  { name: 'chalk', message: 'Only src/cli may use chalk.' },
  { name: 'cli-progress', message: 'Only src/cli may use cli-progress.' },
];
const FILES = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({ name, message: 'Only src/io touches the file system.' }));

/** no-restricted-imports for one floor: `paths` forbidden by name, `up` forbidden by pattern. */
const floor = (up, paths, why) => ({
  'no-restricted-imports': ['error', { paths, patterns: up ? [{ regex: up, message: why }] : [] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
    },
  },
  // Tests spell out control characters, spaced text and combining marks on purpose.
  { files: ['test/**/*.ts'], rules: { 'no-control-regex': 'off', 'no-regex-spaces': 'off', 'no-misleading-character-class': 'off' } },
  // Every file of src/ outside io/ and cli/: no file system, no terminal libraries.
  { files: ['src/**/*.ts'], rules: floor(undefined, [...TERMINAL, ...FILES], '') },
  // The stages sit on the ground floor: they import only each other (and load.ts).
  {
    files: ['src/normalize/**/*.ts', 'src/lang/**/*.ts', 'src/tokenize/**/*.ts', 'src/features/**/*.ts', 'src/patterns/**/*.ts'],
    rules: floor(UP_FROM_STAGES, [...TERMINAL, ...FILES], 'A pipeline stage imports only other stages.'),
  },
  { files: ['src/analyze.ts'], rules: floor(above(['explain', 'score', 'index'], ['model', 'batch', 'io', 'cli', 'report']).replace('(\\.\\./)+', '\\./'), [...TERMINAL, ...FILES], 'analyze.ts sits below the model.') },
  { files: ['src/model/**/*.ts'], rules: floor(above(['explain', 'score', 'index'], ['batch', 'io', 'cli', 'report']), [...TERMINAL, ...FILES], 'The model sits below score, io and cli.') },
  { files: ['src/score.ts', 'src/explain.ts', 'src/report/**/*.ts', 'src/batch/**/*.ts'], rules: floor('^(\\.\\./)+cli/|^\\./cli/', [...TERMINAL, ...FILES], 'Nothing below the CLI imports it.') },
  { files: ['src/io/**/*.ts'], rules: floor(above(['index'], ['batch', 'cli', 'report']), TERMINAL, 'io sits below batch and cli (score.ts shares its floor).') },
  { files: ['src/cli/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: FILES }] } },
);
