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

/**
 * Import boundaries between the top-level folders: the app (src/) is deployed without the local tooling, the devhost
 * and the simulator stand alone, and only stack/ (`npm start`) composes them. Static imports, `import()` and
 * `require()` alike (a dynamic import once slipped through).
 */
function boundary(folders, message) {
  // esquery regexes cannot hold a slash, not even escaped: \u002F is one.
  const path = `^(\\.\\.\\u002F)+(${folders.join('|')})(\\u002F|$)`;
  return {
    imports: [{ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message }],
    syntax: [
      { selector: `ImportExpression[source.value=/${path}/]`, message },
      { selector: `CallExpression[callee.name='require'][arguments.0.value=/${path}/]`, message },
    ],
  };
}
/** Telemetry is emitted by activities only: an orchestrator replays, and would emit again on every episode. */
const noTelemetry = {
  group: ['@opentelemetry/*', '@azure/monitor-opentelemetry', '**/telemetry/*'],
  message: 'No telemetry in domain or orchestrator code: activities emit it (see src/telemetry), once per transition.',
};
const appBoundary = boundary(
  ['devhost', 'simulator', 'stack', 'cli'],
  'The app (src/) never imports devhost/, simulator/, stack/ or cli/: it is deployed without them.',
);
const cliBoundary = boundary(
  ['src', 'devhost', 'simulator', 'stack'],
  'The fleet CLI (cli/) talks to the API over HTTP only: it imports none of src/, devhost/, simulator/ or stack/.',
);
const devhostBoundary = boundary(
  ['simulator', 'stack'],
  'The devhost does not import the simulator or stack/: stack/ (npm start) composes them.',
);
const portalBoundary = boundary(
  ['src', 'cli', 'devhost', 'simulator', 'stack'],
  'The portal (portal/) runs in the browser and talks to the API over HTTP only: it imports none of the Node code.',
);
const simulatorBoundary = boundary(
  ['devhost', 'stack'],
  'The simulator does not import the devhost or stack/: stack/ (npm start) composes them.',
);

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
        projectService: { allowDefaultProject: ['*.mjs', 'portal/*.mjs', 'vitest.config.mts'] },
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
  // A later block replaces these rules for its files, so the domain and orchestrator blocks repeat the app boundary.
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: appBoundary.imports }],
      'no-restricted-syntax': ['error', ...appBoundary.syntax],
    },
  },
  {
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: cliBoundary.imports }],
      'no-restricted-syntax': ['error', ...cliBoundary.syntax],
    },
  },
  {
    files: ['devhost/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: devhostBoundary.imports }],
      'no-restricted-syntax': ['error', ...devhostBoundary.syntax],
    },
  },
  {
    files: ['simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: simulatorBoundary.imports }],
      'no-restricted-syntax': ['error', ...simulatorBoundary.syntax],
    },
  },
  {
    files: ['portal/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: portalBoundary.imports }],
      'no-restricted-syntax': ['error', ...portalBoundary.syntax],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@azure/*', 'node:*', 'durable-functions', 'fs', 'path', 'http', 'crypto'] },
            noTelemetry,
            ...appBoundary.imports,
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...clockAndRandom, ...appBoundary.syntax],
    },
  },
  {
    files: ['src/orchestrators/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*', '@azure/data-tables', '@azure/arm-*'] }, noTelemetry, ...appBoundary.imports],
        },
      ],
      'no-restricted-syntax': ['error', ...clockAndRandom, ...appBoundary.syntax],
    },
  },
  {
    files: ['eslint.config.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
