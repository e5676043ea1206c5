import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalQueues, queueDepth, startLocalQueues, waitForDrain } from '../support/localQueues.js';
import { rssMiB } from '../support/processRss.js';
import {
  expectEveryEventOnce,
  numberedIds,
  oneDayOf,
  searchEverything,
} from '../support/searchEverything.js';
import { FIXTURE_START, sendFixture } from '../support/searchFixture.js';
import { startIngestProcess, type WorkerProcess } from '../support/workerProcess.js';

const EVENTS = 30_000;
/** RSS the worker may add during the outage over its RSS at start. */
const MAX_GROWTH_MIB = 160;
const OUTAGE_MS = 8_000;

/**
 * Lake outage: the lake directory is replaced by a plain file for 8 s (every write fails, root
 * or not), while events keep arriving. The worker must retry, delete nothing it could not store,
 * stop receiving when its buffers are full, and catch up with nothing lost once the lake is back.
 */
describe('lake outage and recovery', () => {
  let local: LocalQueues;
  let dataDir: string;
  let worker: WorkerProcess;
  const rss: number[] = [];
  let baselineRss = Number.NaN;
  let deletedDuringOutage = -1;
  let leftOnQueue = { visible: -1, inFlight: -1, delayed: -1 };

  beforeAll(async () => {
    local = await startLocalQueues(30);
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-outage-'));
    const lake = join(dataDir, 'lake');
    worker = startIngestProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.ingest,
      dataDir,
      env: {
        [ENV_KEYS.flushMaxRows]: '1000',
        [ENV_KEYS.flushMaxAgeMs]: '200',
        [ENV_KEYS.maxBufferedBytes]: String(2 * 1024 * 1024),
        [ENV_KEYS.visibilityTimeoutS]: '30',
      },
    });
    await waitFor('the worker', () => worker.logs.some((l) => l.event === INGEST_EVENTS.started));
    // The worker's own memory before any event: the growth during the outage is judged against it.
    baselineRss = (await rssMiB(worker.child.pid as number)) ?? Number.NaN;
    const events = Array.from({ length: EVENTS }, (_, i) => ({
      app: 'shop',
      eventId: `outage-${i}`,
      occurredAt: new Date(FIXTURE_START + i).toISOString(),
      path: `/p/${i}`,
      params: { filler: 'x'.repeat(200) },
    }));

    // The lake goes away: a plain file where the directory was.
    await mkdir(lake, { recursive: true });
    await rename(lake, `${lake}.away`);
    await writeFile(lake, 'not a directory');
    const outageStarted = Date.now();
    const deletedBefore = worker.logs.filter((l) => l.event === INGEST_EVENTS.deleted).length;
    await sendFixture(local.sqs, local.queues.ingest, events);
    while (Date.now() - outageStarted < OUTAGE_MS) {
      // The worker must be alive through the outage: a missing reading fails the test.
      rss.push((await rssMiB(worker.child.pid as number)) ?? Number.NaN);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    deletedDuringOutage = worker.logs.filter((l) => l.event === INGEST_EVENTS.deleted).length - deletedBefore;
    leftOnQueue = await queueDepth(local.sqs, local.queues.ingest);
    console.info(
      `lake outage: ${EVENTS} events, RSS at start ${baselineRss.toFixed(0)} MiB, during the outage ${Math.min(...rss).toFixed(0)}-${Math.max(...rss).toFixed(0)} MiB, ` +
        `${leftOnQueue.visible} messages left unreceived, ${leftOnQueue.inFlight} held`,
    );

    // The lake comes back.
    await rm(lake);
    await rename(`${lake}.away`, lake);
    await waitForDrain(local.sqs, local.queues.ingest);
  }, 180_000);

  afterAll(async () => {
    if (worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('retried, deleted nothing while the lake was down, and paused receiving', () => {
    expect(
      worker.logs.some((l) => l.event === INGEST_EVENTS.flushFailed && l.code === 'STORAGE_FAILED'),
    ).toBe(true);
    expect(deletedDuringOutage).toBe(0);
    expect(worker.logs.some((l) => l.event === INGEST_EVENTS.backpressure)).toBe(true);
    expect(worker.child.exitCode).toBeNull();
  });

  it('kept its memory bounded during the outage: full buffers stopped receiving', () => {
    expect(leftOnQueue.visible).toBeGreaterThan(0);
    // 2 MiB of buffers, the batch being retried and the encoder's working set, over the worker's
    // own start: what it grows by may not depend on how much waits on the queue.
    expect(Number.isFinite(baselineRss)).toBe(true);
    expect(Math.max(...rss) - baselineRss).toBeLessThan(MAX_GROWTH_MIB);
  });

  it('caught up afterwards: search finds every event once', async () => {
    const found = await searchEverything(local, dataDir, oneDayOf('shop', FIXTURE_START));
    console.info(
      `lake outage: search found ${found.ids.size} distinct events of ${EVENTS} sent, total ${found.total}`,
    );
    expectEveryEventOnce(found, numberedIds('outage', EVENTS));
    expect(await queueDepth(local.sqs, local.queues.ingestDlq)).toEqual({
      visible: 0,
      inFlight: 0,
      delayed: 0,
    });
  }, 60_000);
});
