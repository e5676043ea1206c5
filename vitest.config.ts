import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests (the "@rireki/source" export
// condition), so a unit test never runs against a stale build. Child processes that the
// integration suites start run the built dist/ instead, which `npm test` builds first.
const resolve = { conditions: ['@rireki/source'] };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['shared/*/src/**/*.test.ts', 'workers/*/src/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // The suites start worker processes; one file at a time keeps the 2 cores honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
