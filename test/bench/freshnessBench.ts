import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS, encodeBody } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { MAINTENANCE_EVENTS } from '@rireki/maintenance';
import { createSearchClient, type SearchClient } from '@rireki/sdk';
import { startLocalQueues } from '../support/localQueues.js';
import {
  startIngestProcess,
  startMaintenanceProcess,
  startQueryProcess,
  type WorkerProcess,
} from '../support/workerProcess.js';
import { benchEvents } from './benchEvents.js';
import type { Tick } from './progress.js';

const APP = 'fresh';

/**
 * Send → visible through the search path: single events sent `spacingMs` apart to a local-default
 * ingest worker, while a client searches through the query worker, back to back, for the newest
 * events; an event's latency runs from just before its send to the reply that first holds it.
 */
export interface FreshnessRun {
  readonly latencies: number[];
  /** Compactions of the searched partition while the events arrived (with `compaction` only). */
  readonly compactions: number;
}

/**
 * With `compaction`, a maintenance worker also runs, compacting the very partition the searches
 * read every second once 5 files are quiet, so that files are swapped under the searches.
 */
export async function benchFreshness(
  count: number,
  spacingMs: number,
  tick: Tick,
  options: { readonly compaction?: boolean } = {},
): Promise<FreshnessRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rireki-fresh-bench-'));
  const local = await startLocalQueues();
  const workers: WorkerProcess[] = [];
  let client: SearchClient | undefined;
  try {
    const common = { endpoint: local.server.endpoint, dataDir, env: { [ENV_KEYS.logLevel]: 'info' } };
    const ingest = startIngestProcess({ ...common, queueUrl: local.queues.ingest });
    workers.push(ingest, startQueryProcess({ ...common, queueUrl: local.queues.search }));
    const maintenance = options.compaction
      ? startMaintenanceProcess({
          ...common,
          env: {
            ...common.env,
            [ENV_KEYS.maintenanceIntervalMs]: '1000',
            [ENV_KEYS.compactQuietMs]: '1000',
            [ENV_KEYS.compactMinFiles]: '5',
            [ENV_KEYS.replacedGraceMs]: '5000',
          },
        })
      : undefined;
    if (maintenance) workers.push(maintenance);
    await waitFor('ingest start', () => ingest.logs.some((l) => l.event === INGEST_EVENTS.started), {
      timeoutMs: 30_000,
    });
    const search = await createSearchClient({
      sqs: local.sqs,
      searchQueueUrl: local.queues.search,
      timeoutMs: 30_000,
    });
    client = search;
    const startMs = Date.now();
    const events = benchEvents(count, { apps: [APP], seed: 7 });
    const sentAt = new Map<string, number>();
    const latencies = new Map<string, number>();

    const send = async () => {
      for (const [i, event] of events.entries()) {
        const due = startMs + i * spacingMs;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        event.occurredAt = Date.now();
        sentAt.set(String(event.eventId), performance.now());
        await local.sqs.send(
          new SendMessageCommand({
            QueueUrl: local.queues.ingest,
            MessageBody: encodeBody(event, { gzip: false }).body,
          }),
        );
        if ((i + 1) % Math.max(1, Math.floor(count / 10)) === 0) tick(`freshness: ${i + 1}/${count} sent`);
      }
    };
    const poll = async () => {
      const deadline = Date.now() + count * spacingMs + 60_000;
      while (latencies.size < count && Date.now() < deadline) {
        const page = await search.search({
          app: APP,
          from: new Date(startMs - 60_000).toISOString(),
          to: new Date(Date.now() + 60_000).toISOString(),
          limit: 1000,
        });
        const now = performance.now();
        for (const row of page.rows) {
          const sent = sentAt.get(row.eventId);
          if (sent !== undefined && !latencies.has(row.eventId)) latencies.set(row.eventId, now - sent);
        }
      }
    };
    await Promise.all([send(), poll()]);
    if (latencies.size < count)
      throw new Error(`freshness: only ${latencies.size} of ${count} events became visible`);
    const compactions =
      maintenance?.logs.filter((line) => line.event === MAINTENANCE_EVENTS.compacted).length ?? 0;
    if (options.compaction && compactions === 0)
      throw new Error('freshness: no compaction ran during the run');
    return { latencies: [...latencies.values()], compactions };
  } finally {
    await client?.close();
    for (const worker of workers) {
      if (worker.child.exitCode === null) {
        worker.child.kill('SIGTERM');
        await worker.exited;
      }
    }
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
