// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const clockAndRandom = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'No wall clock here: use context.df.currentUtcDateTime (orchestrators) or pass `now` in (domain).',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'No wall clock here: use context.df.currentUtcDateTime (orchestrators) or pass `now` in (domain).',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'Nondeterministic: not allowed in domain or orchestrator code.',
  },
  { selector: "CallExpression[callee.name='setTimeout']", message: 'Use durable timers (context.df.createTimer).' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.azurite/**',
      '.data/**',
      'coverage/**',
      '**/*.cjs',
      'test/devhost/apps/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'vitest.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@azure/*', 'node:*', 'durable-functions', 'fs', 'path', 'http', 'crypto'] },
      ],
      'no-restricted-syntax': ['error', ...clockAndRandom],
    },
  },
  {
    files: ['src/orchestrators/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '@azure/data-tables', '@azure/arm-*'] }],
      'no-restricted-syntax': ['error', ...clockAndRandom],
    },
  },
  {
    files: ['eslint.config.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
