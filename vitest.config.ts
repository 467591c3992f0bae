import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'test/**/*.test.ts', 'kiosk/**/*.test.ts', 'display/**/*.test.ts', 'counter/**/*.test.ts', 'admin/**/*.test.ts', 'phone/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'test/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Three test files at a time, also on two cores: most files wait on a hub, Chromium or
    // PostgreSQL far more than they compute (vitest's default would be one at a time on two cores).
    // VITEST_MAX_WORKERS overrides it.
    maxWorkers: 3,
    // One PostgreSQL for the run (started in the background); test files take a database each.
    globalSetup: ['test/helpers/pg-global.ts'],
  },
});
