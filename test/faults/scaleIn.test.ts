import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIGEST_EVENTS } from '@rireki/adapters';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalQueues, queueDepth, startLocalQueues, waitForDrain } from '../support/localQueues.js';
import {
  expectEveryEventOnce,
  numberedIds,
  oneDayOf,
  searchEverything,
} from '../support/searchEverything.js';
import { FIXTURE_START, sendFixture } from '../support/searchFixture.js';
import { startIngestProcess } from '../support/workerProcess.js';

const EVENTS = 5_000;
const VISIBILITY_S = 60;
const DRAIN_MS = 2_000;

/**
 * Graceful scale-in when the drain cannot finish: SIGTERM arrives while the lake is down, so the
 * buffered rows cannot be written. The worker must give up at its drain deadline, exit 0, and hand
 * its unfinished messages back at once, so that another worker takes them long before their
 * visibility timeout would have expired.
 */
describe('SIGTERM with a drain that cannot finish', () => {
  let local: LocalQueues;
  let dataDir: string;
  let stopMs = 0;
  let exitCode: number | null = null;
  let handedBack: Record<string, unknown> | undefined;
  let sealFailed: Record<string, unknown> | undefined;
  let catchUpMs = 0;

  beforeAll(async () => {
    local = await startLocalQueues(VISIBILITY_S);
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-scale-in-'));
    const lake = join(dataDir, 'lake');
    const env = {
      [ENV_KEYS.visibilityTimeoutS]: String(VISIBILITY_S),
      [ENV_KEYS.drainTimeoutMs]: String(DRAIN_MS),
      [ENV_KEYS.flushMaxAgeMs]: '200',
    };
    const first = startIngestProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.ingest,
      dataDir,
      env,
    });
    await waitFor('the worker', () => first.logs.some((l) => l.event === INGEST_EVENTS.started));
    await mkdir(lake, { recursive: true });
    await rename(lake, `${lake}.away`);
    await writeFile(lake, 'not a directory');
    await sendFixture(
      local.sqs,
      local.queues.ingest,
      Array.from({ length: EVENTS }, (_, i) => ({
        app: 'shop',
        eventId: `scale-in-${i}`,
        occurredAt: new Date(FIXTURE_START + i).toISOString(),
      })),
    );
    await waitFor('the worker to hold every message', async () => {
      const depth = await queueDepth(local.sqs, local.queues.ingest);
      return depth.visible === 0 && depth.inFlight > 0;
    });

    const stopped = Date.now();
    first.child.kill('SIGTERM');
    exitCode = (await first.exited).code;
    stopMs = Date.now() - stopped;
    handedBack = first.logs.find((l) => l.event === INGEST_EVENTS.handedBack);
    sealFailed = first.logs.find((l) => l.event === DIGEST_EVENTS.sealFailed);

    await rm(lake);
    await rename(`${lake}.away`, lake);
    const second = startIngestProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.ingest,
      dataDir,
      env,
    });
    const restarted = Date.now();
    await waitForDrain(local.sqs, local.queues.ingest, 30_000);
    catchUpMs = Date.now() - restarted;
    second.child.kill('SIGTERM');
    await second.exited;
  }, 120_000);

  afterAll(async () => {
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exits 0 soon after its drain deadline', () => {
    expect(exitCode).toBe(0);
    // The receive loops stop first (a long poll of up to 2 s), then the drain has its deadline.
    expect(stopMs).toBeLessThan(DRAIN_MS + 10_000);
    // Its final digest could not be written either: said, and no reason to fail the exit.
    expect(sealFailed).toMatchObject({ level: 40, final: true });
  });

  it('hands back the messages it could not finish', () => {
    expect(Number(handedBack?.messages)).toBeGreaterThan(0);
  });

  it('lets another worker finish them at once, with nothing lost', async () => {
    expect(catchUpMs).toBeLessThan((VISIBILITY_S * 1000) / 2);
    const found = await searchEverything(local, dataDir, oneDayOf('shop', FIXTURE_START));
    console.info(
      `scale-in: ${EVENTS} events sent, ${String(handedBack?.messages)} messages handed back at SIGTERM, ` +
        `exit ${exitCode} after ${stopMs} ms; search found ${found.ids.size} distinct, total ${found.total}`,
    );
    expectEveryEventOnce(found, numberedIds('scale-in', EVENTS));
  }, 60_000);
});
