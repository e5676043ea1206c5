import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { queueDepth, startLocalQueues } from '../support/localQueues.js';
import { type IngestProcess, startIngestProcess } from '../support/workerProcess.js';
import { benchEvents } from './benchEvents.js';
import { messageBodies, sendBodies } from './loadQueue.js';
import { peakRssMiB } from './peakRss.js';
import type { Tick } from './progress.js';

export interface IngestRuns {
  /** Events/s of each run. */
  readonly rates: number[];
  /** The largest peak RSS (MiB) of the run's worker processes, per run. */
  readonly peakRssMiB: number[];
}

export interface IngestShape {
  /** Receive loops per worker process. @defaultValue 4 */
  readonly receivers?: number;
  /** Worker processes draining the same queue. @defaultValue 1 */
  readonly processes?: number;
  /** The embedded queue in memory, or durable on disk as `rireki up` runs it. @defaultValue memory */
  readonly queue?: 'memory' | 'durable';
  /** The digest chain (RIREKI_DIGESTS), on as the product's default. @defaultValue on */
  readonly digests?: 'on' | 'off';
}

/**
 * Events/s of worker processes draining a pre-loaded queue, and their peak RSS read from /proc
 * before they are stopped. The clock starts once every process is receiving and counts only the
 * messages still waiting then, so a slower start of one process does not inflate the rate.
 */
export async function benchIngest(
  events: number,
  perMessage: number,
  runs: number,
  tick: Tick,
  { receivers = 4, processes = 1, queue = 'memory', digests = 'on' }: IngestShape = {},
): Promise<IngestRuns> {
  const result: IngestRuns = { rates: [], peakRssMiB: [] };
  const shape = `${perMessage}/message, ${processes} process${processes === 1 ? '' : 'es'} × ${receivers} receivers, ${queue} queue, digests ${digests}`;
  for (let run = 0; run < runs; run++) {
    tick(`ingest ${events.toLocaleString('en')} events, ${shape}, run ${run + 1}/${runs}`);
    const dataDir = await mkdtemp(join(tmpdir(), 'rireki-bench-'));
    const local = await startLocalQueues(
      30,
      queue === 'durable' ? { kind: 'durable', dataDir: join(dataDir, 'queue') } : { kind: 'memory' },
    );
    const workers: IngestProcess[] = [];
    try {
      const bodies = messageBodies(benchEvents(events, { seed: run }), perMessage);
      await sendBodies(local.sqs, local.queues.ingest, bodies);
      for (let p = 0; p < processes; p++)
        workers.push(
          startIngestProcess({
            endpoint: local.server.endpoint,
            queueUrl: local.queues.ingest,
            dataDir,
            env: {
              [ENV_KEYS.logLevel]: 'info',
              [ENV_KEYS.receivers]: String(receivers),
              [ENV_KEYS.digests]: digests,
            },
          }),
        );
      await waitFor(
        'every worker receiving',
        () => workers.every((worker) => worker.logs.some((l) => l.event === INGEST_EVENTS.started)),
        { timeoutMs: 30_000, intervalMs: 10 },
      );
      const started = performance.now();
      // Messages in flight at this instant are left out: part of their work is already done.
      const waiting = (await queueDepth(local.sqs, local.queues.ingest)).visible;
      await waitFor(
        'queue drained',
        async () => {
          const depth = await queueDepth(local.sqs, local.queues.ingest);
          return depth.visible + depth.inFlight === 0;
        },
        { timeoutMs: 600_000, intervalMs: 20 },
      );
      const seconds = (performance.now() - started) / 1000;
      result.rates.push(Math.min(events, waiting * perMessage) / seconds);
      const rss = await Promise.all(workers.map((worker) => peakRssMiB(worker.child.pid)));
      const measuredRss = rss.filter((value) => value !== undefined);
      if (measuredRss.length > 0) result.peakRssMiB.push(Math.max(...measuredRss));
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
      await Promise.all(workers.map((worker) => worker.exited));
      await local.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return result;
}
