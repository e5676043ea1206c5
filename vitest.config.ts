import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests, so a unit test never runs
// against a stale build. Child processes that the integration suites start run the built dist/
// instead, which `npm test` builds first.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const resolve = {
  alias: {
    '@rireki/contracts/testing': source('./shared/contracts/src/testing/index.ts'),
    '@rireki/contracts': source('./shared/contracts/src/index.ts'),
    // The subpath before its package: aliases match by prefix, in order.
    '@rireki/ports/testing': source('./shared/ports/src/testing/index.ts'),
    '@rireki/ports': source('./shared/ports/src/index.ts'),
    '@rireki/adapters/testing': source('./shared/adapters/src/testing/index.ts'),
    '@rireki/adapters/sqs': source('./shared/adapters/src/sqs/index.ts'),
    '@rireki/adapters': source('./shared/adapters/src/index.ts'),
    '@rireki/sdk': source('./shared/sdk/src/index.ts'),
    '@rireki/ingest': source('./workers/ingest/src/index.ts'),
    '@rireki/query': source('./workers/query/src/index.ts'),
    '@rireki/maintenance': source('./workers/maintenance/src/index.ts'),
    '@rireki/console': source('./workers/console/src/server/index.ts'),
    '@rireki/cli': source('./workers/cli/src/index.ts'),
  },
};

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
          include: ['test/integration/**/*.test.ts', 'test/faults/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // The suites start worker processes; one file at a time keeps the 2 cores honest.
          fileParallelism: false,
        },
      },
      {
        resolve,
        test: {
          name: 'infra',
          include: ['infra/test/**/*.test.ts'],
          // Each file synthesizes the stack a few times; aws-cdk-lib takes seconds to load.
          testTimeout: 60_000,
        },
      },
    ],
  },
});
