import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DuckDbParquetEncoder } from '@rireki/adapters';
import { encodeBody, type LakeRow } from '@rireki/contracts';
import { toLakeRow } from '@rireki/ingest';
import { queueDepth, startLocalQueues } from '../support/localQueues.js';
import { waitFor } from '../support/waitFor.js';
import { startIngestProcess } from '../support/workerProcess.js';
import { benchEvents } from './benchEvents.js';
import { benchSearch } from './searchBench.js';

// `npm run bench`: the encoder's rows/s and the local stack's end-to-end events/s, each the median
// (and range) of repeated runs in this one process, so the ratios are comparable.

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const summary = (values: number[]) =>
  `median ${Math.round(median(values)).toLocaleString('en')} (min ${Math.round(Math.min(...values)).toLocaleString('en')}, max ${Math.round(Math.max(...values)).toLocaleString('en')}, n=${values.length})`;

async function benchEncoder(rowsPerFile: number, runs: number) {
  const rows: LakeRow[] = benchEvents(rowsPerFile).map((event, index) => {
    const result = toLakeRow(event, { messageId: 'bench', index, receivedAtMs: Date.now() });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.row;
  });
  const encoder = await DuckDbParquetEncoder.create();
  const rates: number[] = [];
  let bytes = 0;
  await encoder.encode(rows.slice(0, 1000)); // warm-up
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const file = await encoder.encode(rows);
    rates.push(rows.length / ((performance.now() - started) / 1000));
    bytes = file.byteLength;
  }
  await encoder.close();
  return { rates, bytesPerRow: bytes / rows.length };
}

async function load(
  sqs: SQSClient,
  queueUrl: string,
  events: Array<Record<string, unknown>>,
  perMessage: number,
) {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += perMessage) {
    const slice = events.slice(i, i + perMessage);
    bodies.push(encodeBody(slice.length === 1 ? slice[0] : { events: slice }, { gzip: false }).body);
  }
  const batches: Array<Promise<unknown>> = [];
  for (let i = 0; i < bodies.length; i += 10) {
    batches.push(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: bodies.slice(i, i + 10).map((body, n) => ({ Id: String(n), MessageBody: body })),
        }),
      ),
    );
    if (batches.length >= 32) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);
}

/** Events/s of one worker process draining a pre-loaded queue, from its start to the last delete. */
async function benchIngest(events: number, perMessage: number, runs: number) {
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    const local = await startLocalQueues();
    const dataDir = await mkdtemp(join(tmpdir(), 'rireki-bench-'));
    try {
      await load(local.sqs, local.queues.ingest, benchEvents(events, { seed: run }), perMessage);
      const worker = startIngestProcess({
        endpoint: local.server.endpoint,
        queueUrl: local.queues.ingest,
        dataDir,
        env: { RIREKI_LOG_LEVEL: 'info', RIREKI_RECEIVERS: '4' },
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
      rates.push(events / ((performance.now() - started) / 1000));
      worker.child.kill('SIGTERM');
      await worker.exited;
    } finally {
      await local.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return rates;
}

const full = process.argv.includes('--full');
const encoder = await benchEncoder(100_000, full ? 9 : 5);
console.log(
  `encoder (DuckDB, ZSTD), 100k rows/file: rows/s ${summary(encoder.rates)}; ${encoder.bytesPerRow.toFixed(1)} bytes/row`,
);
const packed = await benchIngest(full ? 500_000 : 100_000, 100, 3);
console.log(`ingest end to end, 100 events/message: events/s ${summary(packed)}`);
const single = await benchIngest(full ? 50_000 : 10_000, 1, 3);
console.log(`ingest end to end, 1 event/message: events/s ${summary(single)}`);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const lakeEvents = full ? 10_000_000 : 1_000_000;
for (const result of await benchSearch(lakeEvents, full ? 50 : 30)) {
  console.log(
    `search over ${lakeEvents.toLocaleString('en')} events, ${result.name}: p50 ${percentile(result.samples, 50).toFixed(1)} ms, p95 ${percentile(result.samples, 95).toFixed(1)} ms (n=${result.samples.length}, rows ${result.rows}${result.total === undefined ? '' : `, total ${result.total}`})`,
  );
}
