import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV_KEYS } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCount } from '../support/lake.js';
import { type LocalQueues, queueDepth, startLocalQueues, waitForDrain } from '../support/localQueues.js';
import { nextLogLine } from '../support/logLines.js';
import { expectEveryEventOnce, numberedIds, searchEverything } from '../support/searchEverything.js';
import { sendFixture } from '../support/searchFixture.js';
import { TWO_APP_SEARCH, twoAppEvents } from '../support/twoAppEvents.js';
import { verifyDataDir } from '../support/verifyCli.js';
import { startIngestProcess } from '../support/workerProcess.js';

const EVENTS = 100_000;
const KILLS = 20;
const VISIBILITY_S = 10;
/** Kills each phase must have hit, judged by what the killed worker logged last. */
const MIN_HITS_PER_PHASE = 3;

/**
 * The phases the worker can die in, each with the log line that makes the test kill it. Log lines
 * come through a pipe, so the worker may have moved on a little before the signal lands; which
 * phase a kill really hit is read afterwards from the last flush step the worker logged.
 */
const PHASES = {
  // Rows received and buffered, the first file of this process being written.
  'before write': INGEST_EVENTS.writing,
  // A file written; its partition's first registration in this process still to come.
  'between write and registration': INGEST_EVENTS.flushed,
  // A partition registered; the messages its file settled not deleted yet.
  'between registration and delete': INGEST_EVENTS.registered,
} as const;
type Phase = keyof typeof PHASES;
const PHASE_OF_LAST_EVENT = new Map<unknown, Phase | 'after delete'>([
  ...Object.entries(PHASES).map(([phase, event]) => [event, phase as Phase] as const),
  [INGEST_EVENTS.deleted, 'after delete'],
]);

interface Kill {
  readonly target: Phase;
  /** The phase the worker was in, from its last logged flush step; undefined when it logged none. */
  readonly hit: Phase | 'after delete' | undefined;
  readonly afterMs: number;
  readonly rowsAtKill: number;
}

/**
 * Crashes: the ingest worker is killed with SIGKILL 20 times while it drains a 100k-event queue,
 * each time in one of three phases (before a file is written, between the write and the partition
 * registration, between the registration and the delete), and restarted each time. Search must
 * then find every event exactly once.
 */
describe('ingest worker killed 20 times during a 100k-event run', () => {
  let local: LocalQueues;
  let dataDir: string;
  const kills: Kill[] = [];
  let rawRows = 0;

  beforeAll(async () => {
    local = await startLocalQueues(VISIBILITY_S);
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-crash-'));
    await sendFixture(local.sqs, local.queues.ingest, twoAppEvents('crash', 0, EVENTS));
    const env = {
      [ENV_KEYS.visibilityTimeoutS]: String(VISIBILITY_S),
      [ENV_KEYS.flushMaxRows]: '2000',
      [ENV_KEYS.flushMaxAgeMs]: '200',
      // Debug, so that every flush step down to the delete is logged.
      [ENV_KEYS.logLevel]: 'debug',
      // Digests sealed every second, so that kills also land between a seal and its cleanup.
      [ENV_KEYS.digestIntervalMs]: '1000',
    };
    const start = () =>
      startIngestProcess({ endpoint: local.server.endpoint, queueUrl: local.queues.ingest, dataDir, env });
    const hits = (phase: Phase) => kills.filter((kill) => kill.hit === phase).length;
    for (let k = 0; k < KILLS; k++) {
      // Aim at the phase hit least so far, so that each of the three is hit a few times.
      const target = (Object.keys(PHASES) as Phase[]).reduce((least, phase) =>
        hits(phase) < hits(least) ? phase : least,
      );
      const worker = start();
      const closed = once(worker.child, 'close');
      const started = Date.now();
      // Bounded: a worker that finds nothing to do (all messages held by killed ones) waits for
      // their visibility timeout, then flushes; past the bound it is killed wherever it is.
      await nextLogLine(worker, PHASES[target], (VISIBILITY_S + 10) * 1000);
      const afterMs = Date.now() - started;
      worker.child.kill('SIGKILL');
      await closed;
      const last = worker.logs.findLast((line) => PHASE_OF_LAST_EVENT.has(line.event));
      kills.push({
        target,
        hit: PHASE_OF_LAST_EVENT.get(last?.event),
        afterMs,
        // Counted after the kill, so that counting never delays it.
        rowsAtKill: await rowCount(join(dataDir, 'lake')),
      });
    }
    const last = start();
    // What the killed workers held reappears after the visibility timeout; the last one finishes it.
    await waitForDrain(local.sqs, local.queues.ingest);
    last.child.kill('SIGTERM');
    expect((await last.exited).code).toBe(0);
    rawRows = await rowCount(join(dataDir, 'lake'));
    const count = (hit: Kill['hit']) => kills.filter((kill) => kill.hit === hit).length;
    const byPhase = (Object.keys(PHASES) as Phase[]).map(
      (phase) => `${phase} ${count(phase)}/${kills.filter((kill) => kill.target === phase).length}`,
    );
    // The counts a reader of the run wants: where the kills landed and what they made the worker write twice.
    console.info(
      `crashes: ${KILLS} kills, hit/aimed: ${byPhase.join(', ')}; after a delete ${count('after delete')}, ` +
        `nothing logged ${count(undefined)}; ${EVENTS} events sent, ${rawRows} rows in the lake, ` +
        `${rawRows - EVENTS} duplicate rows; kills ${Math.min(...kills.map((k) => k.afterMs))}-` +
        `${Math.max(...kills.map((k) => k.afterMs))} ms after start`,
    );
  }, 300_000);

  afterAll(async () => {
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('was really killed mid-run, with rows already written and more to come', () => {
    expect(kills).toHaveLength(KILLS);
    expect(kills.some((k) => k.rowsAtKill > 0 && k.rowsAtKill < EVENTS)).toBe(true);
    expect(rawRows).toBeGreaterThanOrEqual(EVENTS);
  });

  it('killed the worker in each of the three phases a few times', () => {
    for (const phase of Object.keys(PHASES)) {
      expect(kills.filter((kill) => kill.hit === phase).length, phase).toBeGreaterThanOrEqual(
        MIN_HITS_PER_PHASE,
      );
    }
  });

  it('leaves nothing stuck in the queue or its DLQ', async () => {
    expect(await queueDepth(local.sqs, local.queues.ingest)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(await queueDepth(local.sqs, local.queues.ingestDlq)).toEqual({
      visible: 0,
      inFlight: 0,
      delayed: 0,
    });
  });

  it('lets search find every event exactly once, whatever the lake holds twice', async () => {
    const found = await searchEverything(local, dataDir, TWO_APP_SEARCH);
    console.info(
      `crashes: search returned ${found.ids.size} distinct events in ${found.pages} pages, total ${found.total}`,
    );
    expectEveryEventOnce(found, numberedIds('crash', EVENTS));
    expect(found.pages).toBe(EVENTS / 1000);
  }, 120_000);

  it('verifies clean: every file a killed worker wrote is in a digest or a signed pending record', async () => {
    const { code, report } = await verifyDataDir(dataDir);
    console.info(
      `crashes: rireki verify: ${report.digests} digests, ${report.pending} pending records, ${report.files} files`,
    );
    expect(report.failures).toEqual([]);
    expect(code).toBe(0);
    expect(report.digests).toBeGreaterThan(0);
  }, 120_000);
});
