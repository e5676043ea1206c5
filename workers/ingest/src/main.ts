#!/usr/bin/env node
import {
  createLogger,
  createWorkerSqsClient,
  DuckDbParquetEncoder,
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
  const worker = createIngestWorker({
    sqs,
    queueUrl,
    store: openObjectStore(config.lake, clients, config.region),
    catalog: openPartitionCatalog(config.lake, clients, config.region),
    encoder,
    logger,
    metrics,
    config,
  });
  worker.start();
  return {
    async stop() {
      await worker.stop();
      await encoder.close();
      sqs.destroy();
      await stopMetrics();
    },
  };
});
