import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'devhost/test/**/*.test.ts', 'simulator/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'test/devhost/apps/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most files wait on real time and I/O (a stack per file: Azurite tables, devhost, simulator), so three run side
    // by side on two cores: the suite took 697 s one file at a time (the default on two cores) and 255 s this way.
    maxWorkers: 3,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
