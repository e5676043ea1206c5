import { QUERY_EVENTS } from '@rireki/query';
import { createSearchClient, type SearchClient } from '@rireki/sdk';
import type { LocalQueues } from './localQueues.js';
import { loggedAtLeast, startQueryProcess, type WorkerProcess } from './workerProcess.js';

/** A running query worker over a data directory, and an SDK client of its search queue. */
export interface QueryWorkerClient {
  readonly query: WorkerProcess;
  readonly client: SearchClient;
  /** Closes the client and stops the worker (SIGTERM), if it still runs. */
  stop(): Promise<void>;
}

/** Starts the built query worker over `dataDir`, waits until it has started, and opens a client. */
export async function startQueryWorkerClient(
  local: LocalQueues,
  dataDir: string,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<QueryWorkerClient> {
  const query = startQueryProcess({
    endpoint: local.server.endpoint,
    queueUrl: local.queues.search,
    dataDir,
    ...(options.env ? { env: options.env } : {}),
  });
  await loggedAtLeast(query, QUERY_EVENTS.started, 1);
  const client = await createSearchClient({
    sqs: local.sqs,
    searchQueueUrl: local.queues.search,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return {
    query,
    client,
    async stop() {
      await client.close();
      if (query.child.exitCode === null) {
        query.child.kill('SIGTERM');
        await query.exited;
      }
    },
  };
}
