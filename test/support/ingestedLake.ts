import { join } from 'node:path';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { rowCount } from './lake.js';
import type { LocalQueues } from './localQueues.js';
import { type FixtureEvent, sendFixture } from './searchFixture.js';
import { startIngestProcess } from './workerProcess.js';

/**
 * Fills a data directory's lake through the real ingest path (a worker process), waits until it
 * holds `rows` rows (copies included), and stops the worker.
 */
export async function ingestFixture(
  local: LocalQueues,
  dataDir: string,
  events: readonly FixtureEvent[],
  rows = events.length,
): Promise<void> {
  const ingest = startIngestProcess({
    endpoint: local.server.endpoint,
    queueUrl: local.queues.ingest,
    dataDir,
    env: { [ENV_KEYS.flushMaxAgeMs]: '300' },
  });
  await sendFixture(local.sqs, local.queues.ingest, events);
  await waitFor('the fixture in the lake', async () => (await rowCount(join(dataDir, 'lake'))) === rows, {
    timeoutMs: 60_000,
  });
  ingest.child.kill('SIGTERM');
  await ingest.exited;
}
