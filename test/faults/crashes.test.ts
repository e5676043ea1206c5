import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSearchClient } from '@rireki/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCount } from '../support/lake.js';
import { type LocalQueues, queueDepth, startLocalQueues, waitForDrain } from '../support/localQueues.js';
import { FIXTURE_START, sendFixture } from '../support/searchFixture.js';
import { startIngestProcess, startQueryProcess, type WorkerProcess } from '../support/workerProcess.js';

const EVENTS = 100_000;
const KILLS = 20;
const VISIBILITY_S = 10;

/**
 * Crashes: the ingest worker is killed with SIGKILL at 20 random moments while it drains a
 * 100k-event queue (between receiving, writing, registering and deleting, wherever it happens to
 * be) and restarted each time. Search must then find every event exactly once.
 */
describe('ingest worker killed 20 times during a 100k-event run', () => {
  let local: LocalQueues;
  let dataDir: string;
  const kills: Array<{ afterMs: number; rowsBefore: number }> = [];
  let rawRows = 0;

  beforeAll(async () => {
    local = await startLocalQueues(VISIBILITY_S);
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-crash-'));
    const events = Array.from({ length: EVENTS }, (_, i) => ({
      app: i % 2 === 0 ? 'shop' : 'blog',
      eventId: `crash-${i}`,
      occurredAt: new Date(FIXTURE_START + (i % 2) * 86_400_000 + i).toISOString(),
      path: `/p/${i % 100}`,
    }));
    await sendFixture(local.sqs, local.queues.ingest, events);
    const env = {
      RIREKI_VISIBILITY_TIMEOUT_S: String(VISIBILITY_S),
      RIREKI_FLUSH_MAX_ROWS: '2000',
      RIREKI_FLUSH_MAX_AGE_MS: '200',
      RIREKI_LOG_LEVEL: 'warn',
    };
    const start = () =>
      startIngestProcess({ endpoint: local.server.endpoint, queueUrl: local.queues.ingest, dataDir, env });
    for (let k = 0; k < KILLS; k++) {
      const worker = start();
      const afterMs = 150 + Math.floor(Math.random() * 600);
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      kills.push({ afterMs, rowsBefore: await rowCount(join(dataDir, 'lake')) });
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    const last = start();
    // What the killed workers held reappears after the visibility timeout; the last one finishes it.
    await waitForDrain(local.sqs, local.queues.ingest);
    last.child.kill('SIGTERM');
    expect((await last.exited).code).toBe(0);
    rawRows = await rowCount(join(dataDir, 'lake'));
    // The counts a reader of the run wants: how much the kills made the worker write twice.
    console.info(`crashes: ${KILLS} kills, ${EVENTS} events sent, ${rawRows} rows in the lake`);
  }, 240_000);

  afterAll(async () => {
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('was really killed mid-run, with rows already written and more to come', () => {
    expect(kills).toHaveLength(KILLS);
    expect(kills.some((k) => k.rowsBefore > 0 && k.rowsBefore < EVENTS)).toBe(true);
    expect(rawRows).toBeGreaterThanOrEqual(EVENTS);
  });

  it('leaves nothing stuck in the queue or its DLQ', async () => {
    expect(await queueDepth(local.sqs, local.queues.ingest)).toEqual({ visible: 0, inFlight: 0 });
    expect(await queueDepth(local.sqs, local.queues.ingestDlq)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('lets search find every event exactly once, whatever the lake holds twice', async () => {
    const query: WorkerProcess = startQueryProcess({
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
      const request = {
        app: ['shop', 'blog'],
        from: new Date(FIXTURE_START).toISOString(),
        to: new Date(FIXTURE_START + 3 * 86_400_000).toISOString(),
        limit: 1000,
      };
      const seen = new Set<string>();
      let pages = 0;
      let total: number | undefined;
      for await (const page of client.pages({ ...request, includeTotal: true })) {
        total ??= page.total;
        pages++;
        for (const row of page.rows) {
          expect(seen.has(String(row.eventId))).toBe(false);
          seen.add(String(row.eventId));
        }
      }
      expect(total).toBe(EVENTS);
      expect(seen.size).toBe(EVENTS);
      expect(pages).toBe(EVENTS / 1000);
    } finally {
      await client.close();
      query.child.kill('SIGTERM');
      await query.exited;
    }
  }, 120_000);
});
