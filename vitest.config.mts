import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'devhost/test/**/*.test.ts', 'simulator/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'test/devhost/apps/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
