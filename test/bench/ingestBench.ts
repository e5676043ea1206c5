import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueDepth, startLocalQueues } from '../support/localQueues.js';
import { waitFor } from '../support/waitFor.js';
import { startIngestProcess } from '../support/workerProcess.js';
import { benchEvents } from './benchEvents.js';
import { messageBodies, sendBodies } from './loadQueue.js';
import { peakRssMiB } from './peakRss.js';
import type { Tick } from './progress.js';

export interface IngestRuns {
  /** Events/s of each run. */
  readonly rates: number[];
  /** The worker's peak RSS (MiB) of each run. */
  readonly peakRssMiB: number[];
}

/**
 * Events/s of one worker process draining a pre-loaded queue, from its start to the last delete,
 * and its peak RSS read from /proc before it is stopped.
 */
export async function benchIngest(
  events: number,
  perMessage: number,
  runs: number,
  tick: Tick,
  receivers = 4,
) {
  const result: IngestRuns = { rates: [], peakRssMiB: [] };
  for (let run = 0; run < runs; run++) {
    tick(
      `ingest ${events.toLocaleString('en')} events, ${perMessage}/message, ${receivers} receivers, run ${run + 1}/${runs}`,
    );
    const local = await startLocalQueues();
    const dataDir = await mkdtemp(join(tmpdir(), 'rireki-bench-'));
    try {
      const bodies = messageBodies(benchEvents(events, { seed: run }), perMessage);
      await sendBodies(local.sqs, local.queues.ingest, bodies);
      const worker = startIngestProcess({
        endpoint: local.server.endpoint,
        queueUrl: local.queues.ingest,
        dataDir,
        env: { RIREKI_LOG_LEVEL: 'info', RIREKI_RECEIVERS: String(receivers) },
      });
      await waitFor('worker start', () => worker.logs.some((l) => l.event === 'ingest.started'), {
        timeoutMs: 30_000,
      });
      const started = performance.now();
      await waitFor(
        'queue drained',
        async () => {
          const depth = await queueDepth(local.sqs, local.queues.ingest);
          return depth.visible + depth.inFlight === 0;
        },
        { timeoutMs: 600_000, intervalMs: 20 },
      );
      result.rates.push(events / ((performance.now() - started) / 1000));
      const rss = await peakRssMiB(worker.child.pid);
      if (rss !== undefined) result.peakRssMiB.push(rss);
      worker.child.kill('SIGTERM');
      await worker.exited;
    } finally {
      await local.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return result;
}
