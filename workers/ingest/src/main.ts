#!/usr/bin/env node
import {
  createLogger,
  createWorkerSqsClient,
  DuckDbParquetEncoder,
  digestEvents,
  openDigestLedger,
  openObjectStore,
  openPartitionCatalog,
  resolveQueueUrl,
  runWorkerProcess,
  startWorkerMetrics,
} from '@rireki/adapters';
import { loadIngestConfig } from './config.js';
import { createIngestWorker } from './createIngestWorker.js';
import { INGEST_METRICS } from './events.js';

// The ingest worker process: configuration from the environment, real adapters, signals.
const logger = createLogger('rireki-ingest');

runWorkerProcess('ingest', logger, async () => {
  const config = loadIngestConfig(process.env);
  logger.level = config.logLevel;
  const sqs = createWorkerSqsClient(config, process.env);
  const queueUrl = await resolveQueueUrl(sqs, config.queue);
  const { metrics, stop: stopMetrics } = await startWorkerMetrics('ingest', INGEST_METRICS, {
    mode: config.mode,
    port: config.metricsPort,
    logger,
  });
  const encoder = await DuckDbParquetEncoder.create();
  const clients = {};
  const store = openObjectStore(config.lake, clients, config.region);
  const digests = await openDigestLedger(config.digests, {
    store,
    role: 'ingest',
    events: digestEvents(logger),
    ...(config.region === undefined ? {} : { region: config.region }),
  });
  const worker = createIngestWorker({
    sqs,
    queueUrl,
    store,
    catalog: openPartitionCatalog(config.lake, clients, config.region),
    encoder,
    ledger: digests.ledger,
    logger,
    metrics,
    config,
  });
  worker.start();
  return {
    async stop() {
      await worker.stop();
      // Last: the final digest seals the files the drain wrote.
      // A seal that fails (the lake down) is logged as digest.seal.failed and changes nothing
      // else: the signed pending records stay in the lake and account for the files.
      await digests.close().catch(() => undefined);
      await encoder.close();
      sqs.destroy();
      await stopMetrics();
    },
  };
});
