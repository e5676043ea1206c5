#!/usr/bin/env node
import {
  createLogger,
  DuckDbPartitionRewriter,
  digestEvents,
  openDigestLedger,
  openObjectStore,
  openPartitionCatalog,
  runWorkerProcess,
  startWorkerMetrics,
} from '@rireki/adapters';
import { loadMaintenanceConfig, rewriterOptions } from './config.js';
import { createMaintenanceWorker } from './createMaintenanceWorker.js';
import { MAINTENANCE_METRICS, maintenanceEvents } from './events.js';

// The maintenance worker process: configuration from the environment, real adapters, signals.
const logger = createLogger('rireki-maintenance');

runWorkerProcess('maintenance', logger, async () => {
  const config = loadMaintenanceConfig(process.env);
  logger.level = config.logLevel;
  const clients = {};
  const store = openObjectStore(config.lake, clients, config.region);
  const rewriter = await DuckDbPartitionRewriter.create(rewriterOptions(config));
  const { metrics, stop: stopMetrics } = await startWorkerMetrics('maintenance', MAINTENANCE_METRICS, {
    mode: config.mode,
    port: config.metricsPort,
    logger,
  });
  const events = maintenanceEvents(logger, metrics);
  const digests = await openDigestLedger(config.digests, {
    store,
    role: 'maintenance',
    events: digestEvents(logger),
    ...(config.region === undefined ? {} : { region: config.region }),
  });
  const worker = createMaintenanceWorker(
    {
      store,
      ledger: digests.ledger,
      catalog: openPartitionCatalog(config.lake, clients, config.region),
      rewriter,
      policy: config.compaction,
      retention: config.retention,
      replacedGraceMs: config.replacedGraceMs,
      nowMs: Date.now,
      events,
    },
    config.intervalMs,
  );
  events.started({ lake: store.location, intervalMs: config.intervalMs });
  worker.start();
  return {
    async stop() {
      await worker.stop();
      // Last: the final digest seals the rewrites of the pass that was running.
      // A seal that fails (the lake down) is logged as digest.seal.failed and changes nothing
      // else: the signed pending records stay in the lake and account for the files.
      await digests.close().catch(() => undefined);
      await rewriter.close();
      events.stopped();
      await stopMetrics();
    },
  };
});
