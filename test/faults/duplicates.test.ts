import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLake } from '../support/lake.js';
import { type LocalQueues, queueDepth, startLocalQueues, waitForDrain } from '../support/localQueues.js';
import { nextLogLine } from '../support/logLines.js';
import { expectEveryEventOnce, numberedIds, searchEverything } from '../support/searchEverything.js';
import { sendFixture } from '../support/searchFixture.js';
import { TWO_APP_SEARCH, twoAppEvents } from '../support/twoAppEvents.js';
import { startIngestProcess, type WorkerProcess } from '../support/workerProcess.js';

const WAVES = 3;
const EVENTS_PER_WAVE = 8_000;
const EVENTS = WAVES * EVENTS_PER_WAVE;
const VISIBILITY_S = 10;
/** Where worker A is frozen in each wave: as a write starts, once a file is written, once registered. */
const FREEZE_ON = [INGEST_EVENTS.writing, INGEST_EVENTS.flushed, INGEST_EVENTS.registered] as const;
const PHASE_EVENTS = new Set<unknown>([...FREEZE_ON, INGEST_EVENTS.deleted]);

interface Freeze {
  readonly on: string;
  /** The last flush step A had logged when it stopped: the pipe may deliver the trigger late. */
  readonly lastLogged: unknown;
  readonly frozenMs: number;
  readonly drainedWhileFrozen: boolean;
}

/**
 * Duplicates: a message delivered twice because its visibility expired mid-flush. Two ingest
 * workers share the queue; worker A is frozen with SIGSTOP (a stalled container: a long GC pause, a
 * frozen VM) while it holds messages, for longer than the visibility timeout. The queue hands
 * those messages to worker B, which writes and deletes them. Then A resumes, finishes its own
 * flush (the same events in a second file) and deletes with receipt handles that are no longer
 * current. The files then hold duplicate rows; search and its totals must not.
 */
describe('visibility expiring mid-flush: duplicate rows in files, none in search', () => {
  let local: LocalQueues;
  let dataDir: string;
  let a: WorkerProcess;
  let b: WorkerProcess;
  const freezes: Freeze[] = [];
  const exitCodes: Array<number | null> = [];
  let rawRows = 0;
  let distinctIds = 0;

  beforeAll(async () => {
    local = await startLocalQueues(VISIBILITY_S);
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-dups-'));
    const start = () =>
      startIngestProcess({
        endpoint: local.server.endpoint,
        queueUrl: local.queues.ingest,
        dataDir,
        env: {
          [ENV_KEYS.visibilityTimeoutS]: String(VISIBILITY_S),
          [ENV_KEYS.flushMaxRows]: '2000',
          [ENV_KEYS.flushMaxAgeMs]: '300',
        },
      });
    a = start();
    b = start();
    for (const worker of [a, b])
      await waitFor('the workers', () => worker.logs.some((l) => l.event === INGEST_EVENTS.started));

    for (const [wave, on] of FREEZE_ON.entries()) {
      const triggered = nextLogLine(a, on, 20_000);
      await sendFixture(
        local.sqs,
        local.queues.ingest,
        twoAppEvents('dup', wave * EVENTS_PER_WAVE, EVENTS_PER_WAVE),
      );
      if (!(await triggered)) throw new Error(`worker A logged no ${on} line in wave ${wave}`);
      a.child.kill('SIGSTOP');
      const frozenAt = Date.now();
      // A's messages reappear after the visibility timeout and B finishes them: the queue drains
      // although A, which received them, never deleted them.
      let drainedWhileFrozen = false;
      await waitFor(
        'the queue to drain while A is frozen, and the visibility timeout to pass',
        async () => {
          const depth = await queueDepth(local.sqs, local.queues.ingest);
          drainedWhileFrozen = depth.visible + depth.inFlight === 0;
          return drainedWhileFrozen && Date.now() - frozenAt > (VISIBILITY_S + 1) * 1000;
        },
        { timeoutMs: 40_000, intervalMs: 250 },
      );
      const lastLogged = a.logs.findLast((line) => PHASE_EVENTS.has(line.event))?.event;
      a.child.kill('SIGCONT');
      freezes.push({ on, lastLogged, frozenMs: Date.now() - frozenAt, drainedWhileFrozen });
      // A finishes what it held: its flush and its deletes with receipt handles no longer current.
      const logged = a.logs.length;
      await waitFor('A to finish after resuming', () =>
        a.logs.slice(logged).some((line) => line.event === INGEST_EVENTS.deleted),
      );
    }

    await waitForDrain(local.sqs, local.queues.ingest, 60_000);
    for (const worker of [a, b]) {
      worker.child.kill('SIGTERM');
      exitCodes.push((await worker.exited).code);
    }
    const [counts] = await queryLake<{ rows: bigint; ids: bigint }>(
      join(dataDir, 'lake'),
      (files) => `SELECT count(*) AS rows, count(DISTINCT event_id) AS ids FROM ${files}`,
    );
    rawRows = Number(counts?.rows ?? 0);
    distinctIds = Number(counts?.ids ?? 0);
    const lapsed = a.logs.filter((line) => line.event === INGEST_EVENTS.visibilityLapsed);
    const lapsedMessages = lapsed.reduce((sum, line) => sum + Number(line.messages), 0);
    const staleExtensions = a.logs.filter((line) => line.event === INGEST_EVENTS.visibilityFailed).length;
    console.info(
      `duplicates: ${EVENTS} events sent, ${rawRows} rows in the lake, ${rawRows - distinctIds} duplicate rows; ` +
        `A logged ${lapsed.length} lapses (${lapsedMessages} messages) and ${staleExtensions} failed extensions; ` +
        `freezes: ${freezes.map((f) => `on ${f.on} (last logged ${String(f.lastLogged)}, ${f.frozenMs} ms)`).join('; ')}`,
    );
  }, 150_000);

  afterAll(async () => {
    for (const worker of [a, b]) {
      if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
    }
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('froze A past the visibility timeout while B took over and drained its messages', () => {
    expect(freezes).toHaveLength(WAVES);
    for (const freeze of freezes) {
      expect(freeze.drainedWhileFrozen).toBe(true);
      expect(freeze.frozenMs).toBeGreaterThan(VISIBILITY_S * 1000);
    }
  });

  it('wrote duplicate rows to the files, and lost no event', () => {
    expect(rawRows).toBeGreaterThan(EVENTS);
    expect(distinctIds).toBe(EVENTS);
  });

  it('had A notice and log the lapse, and go on without giving anything up', () => {
    expect(a.logs.some((line) => line.event === INGEST_EVENTS.visibilityLapsed)).toBe(true);
    for (const worker of [a, b]) {
      expect(worker.logs.filter((line) => line.event === INGEST_EVENTS.flushAbandoned)).toEqual([]);
      expect(worker.logs.filter((line) => line.event === INGEST_EVENTS.deleteFailed)).toEqual([]);
    }
  });

  it('leaves the queue and its DLQ empty, and both workers exit 0 on SIGTERM', async () => {
    expect(exitCodes).toEqual([0, 0]);
    expect(await queueDepth(local.sqs, local.queues.ingest)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(await queueDepth(local.sqs, local.queues.ingestDlq)).toEqual({
      visible: 0,
      inFlight: 0,
      delayed: 0,
    });
  });

  it('lets search find every event exactly once and count each once', async () => {
    const found = await searchEverything(local, dataDir, TWO_APP_SEARCH);
    console.info(
      `duplicates: search returned ${found.ids.size} distinct events in ${found.pages} pages, total ${found.total}`,
    );
    expectEveryEventOnce(found, numberedIds('dup', EVENTS));
  }, 120_000);
});
