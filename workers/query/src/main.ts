#!/usr/bin/env node
import {
  createLogger,
  createWorkerSqsClient,
  openObjectStore,
  openPartitionCatalog,
  openQueryEngine,
  resolveQueueUrl,
  runWorkerProcess,
  startWorkerMetrics,
} from '@rireki/adapters';
import { loadQueryConfig } from './config.js';
import { createQueryWorker } from './createQueryWorker.js';
import { QUERY_METRICS } from './events.js';

// The query worker process: configuration from the environment, real adapters, signals.
const logger = createLogger('rireki-query');

runWorkerProcess('query', logger, async () => {
  const config = loadQueryConfig(process.env);
  logger.level = config.logLevel;
  const sqs = createWorkerSqsClient(config, process.env);
  const queueUrl = await resolveQueueUrl(sqs, config.queue);
  const { metrics, stop: stopMetrics } = await startWorkerMetrics('query', QUERY_METRICS, {
    mode: config.mode,
    port: config.metricsPort,
    logger,
  });
  const clients = {};
  const engine = await openQueryEngine(config.engine, config.lake, clients, config.region);
  const worker = createQueryWorker({
    sqs,
    queueUrl,
    engine,
    store: openObjectStore(config.lake, clients, config.region),
    catalog: openPartitionCatalog(config.lake, clients, config.region),
    logger,
    metrics,
    config,
  });
  worker.start();
  return {
    async stop() {
      await worker.stop();
      await engine.close();
      sqs.destroy();
      await stopMetrics();
    },
  };
});
