import type { SearchRequestInput } from '@rireki/contracts';
import { createSearchClient, type SearchClient } from '@rireki/sdk';
import { expect } from 'vitest';
import type { LocalQueues } from './localQueues.js';
import { startQueryProcess } from './workerProcess.js';

export interface SearchedEverything {
  /** Every eventId returned, once each. */
  readonly ids: ReadonlySet<string>;
  /** eventIds returned more than once, one entry per extra copy. */
  readonly repeated: readonly string[];
  /** The first page's `total`. */
  readonly total: number | undefined;
  readonly pages: number;
}

/**
 * Runs a query worker process over `dataDir` and follows every page of one search (with its
 * total) through the client SDK, the way an app reads the history, then stops the worker.
 */
export async function searchEverything(
  local: LocalQueues,
  dataDir: string,
  request: Omit<SearchRequestInput, 'cursor' | 'includeTotal'>,
): Promise<SearchedEverything> {
  const query = startQueryProcess({
    endpoint: local.server.endpoint,
    queueUrl: local.queues.search,
    dataDir,
  });
  const client = await createSearchClient({
    sqs: local.sqs,
    searchQueueUrl: local.queues.search,
    timeoutMs: 60_000,
  });
  try {
    return await followEveryPage(client, request);
  } finally {
    await client.close();
    query.child.kill('SIGTERM');
    await query.exited;
  }
}

/** Follows every page of one search, with its total, and notes every eventId returned more than once. */
export async function followEveryPage(
  client: SearchClient,
  request: Omit<SearchRequestInput, 'cursor' | 'includeTotal'>,
): Promise<SearchedEverything> {
  const ids = new Set<string>();
  const repeated: string[] = [];
  let total: number | undefined;
  let pages = 0;
  for await (const page of client.pages({ ...request, includeTotal: true })) {
    total ??= page.total;
    pages++;
    for (const row of page.rows) {
      const id = String(row.eventId);
      if (ids.has(id)) repeated.push(id);
      ids.add(id);
    }
  }
  return { ids, repeated, total, pages };
}

/** A search of one app's events over one UTC day from `startMs`, 1,000 per page. */
export function oneDayOf(app: string, startMs: number): Omit<SearchRequestInput, 'cursor' | 'includeTotal'> {
  return {
    app,
    from: new Date(startMs).toISOString(),
    to: new Date(startMs + 86_400_000).toISOString(),
    limit: 1000,
  };
}

/** The eventIds `<prefix>-0` … `<prefix>-<count - 1>` that a fault suite sent. */
export function numberedIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

/**
 * The fault suites' verdict: no event returned twice, the total equals the events sent, and the
 * eventIds returned are exactly the ones sent (not merely as many).
 */
export function expectEveryEventOnce(found: SearchedEverything, sent: Iterable<string>): void {
  const expected = new Set(sent);
  expect(found.repeated).toEqual([]);
  expect(found.total).toBe(expected.size);
  expect(found.ids.size).toBe(expected.size);
  expect([...expected].filter((id) => !found.ids.has(id)).slice(0, 10)).toEqual([]);
}
