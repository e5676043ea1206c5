import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CachedPartitionCatalog,
  DirectoryObjectStore,
  DuckDbParquetEncoder,
  LocalPartitionCatalog,
} from '@rireki/adapters';
import type { SearchRequestInput } from '@rireki/contracts';
import { type LakeRow, type PartitionRef, partitionKey } from '@rireki/contracts';
import { toLakeRow } from '@rireki/ingest';
import { createSearchClient, type SearchClient } from '@rireki/sdk';
import { startLocalQueues } from '../support/localQueues.js';
import { waitFor } from '../support/waitFor.js';
import { startQueryProcess } from '../support/workerProcess.js';
import { benchEvents } from './benchEvents.js';
import type { Tick } from './progress.js';

const DAY = 86_400_000;
/** Rows per file, as the ingest worker writes them from a busy queue (its local row limit). */
const ROWS_PER_FILE = 50_000;

/** Writes `count` realistic events over `days` days into a lake, files as the ingest worker makes them. */
async function buildLake(dataDir: string, count: number, days: number, endMs: number): Promise<void> {
  const store = new DirectoryObjectStore(join(dataDir, 'lake'));
  const catalog = new CachedPartitionCatalog(new LocalPartitionCatalog(join(dataDir, 'catalog')));
  const encoder = await DuckDbParquetEncoder.create();
  const buffers = new Map<string, { partition: PartitionRef; rows: LakeRow[] }>();
  let file = 0;
  const flush = async (entry: { partition: PartitionRef; rows: LakeRow[] }) => {
    const bytes = await encoder.encode(entry.rows);
    await store.put(
      `action_logs/app=${entry.partition.app}/dt=${entry.partition.dt}/bench-${file++}.parquet`,
      bytes,
    );
    await catalog.register(entry.partition);
    entry.rows = [];
  };
  const chunk = 200_000;
  for (let offset = 0; offset < count; offset += chunk) {
    const events = benchEvents(Math.min(chunk, count - offset), {
      seed: offset,
      days,
      startMs: endMs - days * DAY + Math.floor((offset / count) * days * DAY),
    });
    for (const [index, event] of events.entries()) {
      // Spread the chunk over its share of the range only.
      event.occurredAt = endMs - days * DAY + Math.floor(((offset + index) / count) * days * DAY);
      const result = toLakeRow(event, { messageId: 'bench', index, receivedAtMs: endMs });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      const key = partitionKey(result.partition);
      let entry = buffers.get(key);
      if (!entry) {
        entry = { partition: result.partition, rows: [] };
        buffers.set(key, entry);
      }
      entry.rows.push(result.row);
      if (entry.rows.length >= ROWS_PER_FILE) await flush(entry);
    }
  }
  for (const entry of buffers.values()) if (entry.rows.length > 0) await flush(entry);
  await encoder.close();
}

export interface SearchLatency {
  readonly name: string;
  readonly samples: number[];
  readonly rows: number;
  readonly total: number | undefined;
}

/** Round trips of the typical history searches through SQS, the query worker and DuckDB. */
export async function benchSearch(events: number, repeats: number, tick: Tick): Promise<SearchLatency[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rireki-search-bench-'));
  const local = await startLocalQueues();
  const endMs = Date.UTC(2026, 10, 24);
  let client: SearchClient | undefined;
  const query = { current: undefined as ReturnType<typeof startQueryProcess> | undefined };
  try {
    tick(`search: building a lake of ${events.toLocaleString('en')} events`);
    await buildLake(dataDir, events, 40, endMs);
    query.current = startQueryProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.search,
      dataDir,
      env: { RIREKI_LOG_LEVEL: 'warn' },
    });
    const worker = query.current;
    await waitFor('query worker', () => worker.child.exitCode === null && worker.logs.length >= 0, {
      timeoutMs: 5_000,
    });
    client = await createSearchClient({
      sqs: local.sqs,
      searchQueueUrl: local.queues.search,
      timeoutMs: 60_000,
    });
    const iso = (ms: number) => new Date(ms).toISOString();
    const searches: Array<[string, SearchRequestInput]> = [
      [
        'one user, 7 days, newest first',
        { app: 'shop', from: iso(endMs - 7 * DAY), to: iso(endMs), filters: { userId: '1234' }, limit: 50 },
      ],
      [
        '31-day count',
        { app: 'shop', from: iso(endMs - 31 * DAY), to: iso(endMs), limit: 1, includeTotal: true },
      ],
      [
        'path contains, 7 days',
        {
          app: 'shop',
          from: iso(endMs - 7 * DAY),
          to: iso(endMs),
          filters: { path: { contains: 'orders/777' } },
          limit: 50,
        },
      ],
    ];
    const results: SearchLatency[] = [];
    const search = client;
    await search.search(searches[0]?.[1] as SearchRequestInput); // warm-up: first file listing and DuckDB caches
    for (const [name, request] of searches) {
      tick(`search: ${name}`);
      const samples: number[] = [];
      let rows = 0;
      let total: number | undefined;
      for (let i = 0; i < repeats; i++) {
        const started = performance.now();
        const page = await search.search(request);
        samples.push(performance.now() - started);
        rows = page.rows.length;
        total = page.total;
      }
      results.push({ name, samples, rows, total });
    }
    return results;
  } finally {
    await client?.close();
    if (query.current && query.current.child.exitCode === null) {
      query.current.child.kill('SIGTERM');
      await query.current.exited;
    }
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
