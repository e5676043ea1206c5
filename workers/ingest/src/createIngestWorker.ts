import type { SQSClient } from '@aws-sdk/client-sqs';
import { type FileLedger, type Logger, NO_LEDGER, stopConsumers } from '@rireki/adapters';
import { CONTENT_ENCODING_ATTRIBUTE, type RetryPolicy } from '@rireki/contracts';
import type { ObjectStore, ParquetEncoder, PartitionCatalog } from '@rireki/ports';
import { Consumer } from 'sqs-consumer';
import type { Clock } from './clock.js';
import type { IngestConfig } from './config.js';
import { type IngestMetrics, ingestEvents } from './events.js';
import { IngestPipeline, type IngestStats } from './IngestPipeline.js';

export interface IngestWorkerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly store: ObjectStore;
  readonly catalog: PartitionCatalog;
  readonly encoder: ParquetEncoder;
  /** Where every file is recorded before it is stored. @defaultValue NO_LEDGER (no digests) */
  readonly ledger?: FileLedger;
  readonly logger: Logger;
  /** Where the worker's metrics go. @defaultValue a registry of its own, read by nothing */
  readonly metrics?: IngestMetrics;
  readonly config: Pick<
    IngestConfig,
    'flush' | 'maxBufferedBytes' | 'visibilityTimeoutS' | 'receiveWaitS' | 'receivers' | 'drainTimeoutMs'
  >;
  /** @defaultValue Date */
  readonly clock?: Clock;
  /** How often age-based flushes and visibility extensions run; 0 turns the timer off (tests call tick()). */
  readonly tickIntervalMs?: number;
  /** @defaultValue 8 attempts, 200 ms doubling to 10 s */
  readonly flushRetry?: RetryPolicy;
}

export interface DrainReport {
  /** True when everything buffered was written and deleted within the drain deadline. */
  readonly complete: boolean;
  /** Messages made visible again for another worker because they could not be finished. */
  readonly handedBack: number;
  readonly stats: IngestStats;
}

export interface IngestWorker {
  start(): void;
  /** Stops receiving, writes what is buffered, deletes what is durable, hands back the rest. */
  stop(): Promise<DrainReport>;
  stats(): IngestStats;
  /** Runs one round of age-based flushing and visibility extension. */
  tick(): Promise<void>;
}

/** Wires the ingest pipeline to sqs-consumer receive loops and a timer. */
export function createIngestWorker(options: IngestWorkerOptions): IngestWorker {
  const { config, logger } = options;
  const events = ingestEvents(logger, options.metrics);
  const pipeline = new IngestPipeline({
    sqs: options.sqs,
    queueUrl: options.queueUrl,
    store: options.store,
    catalog: options.catalog,
    encoder: options.encoder,
    ledger: options.ledger ?? NO_LEDGER,
    events,
    clock: options.clock ?? Date,
    flush: config.flush,
    maxBufferedBytes: config.maxBufferedBytes,
    visibilityTimeoutS: config.visibilityTimeoutS,
    flushRetry: options.flushRetry ?? { attempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 },
  });

  const consumers = Array.from({ length: config.receivers }, () => {
    const consumer = Consumer.create({
      queueUrl: options.queueUrl,
      sqs: options.sqs,
      batchSize: 10,
      waitTimeSeconds: config.receiveWaitS,
      visibilityTimeout: config.visibilityTimeoutS,
      messageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      messageAttributeNames: [CONTENT_ENCODING_ATTRIBUTE],
      // Messages are deleted by the pipeline once durable, not when the handler returns.
      shouldDeleteMessages: false,
      // Let stop() wait for the receive in flight, so no message is left received but unbuffered.
      pollingCompleteWaitTimeMs: (config.receiveWaitS + 10) * 1000,
      handleMessageBatch: async (messages) => {
        await pipeline.handleBatch(messages);
        return [];
      },
    });
    consumer.on('error', (error) => events.receiveFailed({ error: error.message }));
    consumer.on('processing_error', (error) =>
      events.receiveFailed({ error: error.message, during: 'processing' }),
    );
    return consumer;
  });

  options.metrics?.track('bufferedBytes', () => pipeline.stats().bufferedBytes);

  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    ticking ??= pipeline.tick().finally(() => {
      ticking = undefined;
    });
    return ticking;
  };

  return {
    start() {
      for (const consumer of consumers) consumer.start();
      const interval = options.tickIntervalMs ?? Math.max(50, Math.min(250, config.flush.maxAgeMs / 4));
      if (interval > 0) {
        timer = setInterval(() => {
          tick().catch((error: unknown) => events.visibilityFailed({ error: String(error) }));
        }, interval);
      }
      events.started({
        queueUrl: options.queueUrl,
        lake: options.store.location,
        receivers: consumers.length,
      });
    },

    async stop() {
      events.draining({ stats: pipeline.stats() });
      await stopConsumers(consumers);
      const deadline = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), config.drainTimeoutMs).unref(),
      );
      // Keep extending visibility while the drain writes, in case it is slow.
      const outcome = await Promise.race([pipeline.flushAll().then(() => 'done' as const), deadline]);
      if (timer) clearInterval(timer);
      await ticking;
      const handedBack = await pipeline.handBack();
      const report = {
        complete: outcome === 'done' && handedBack === 0,
        handedBack,
        stats: pipeline.stats(),
      };
      events.stopped({ ...report });
      return report;
    },

    stats: () => pipeline.stats(),
    tick,
  };
}
