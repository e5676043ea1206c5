#!/usr/bin/env node
import {
  CachedPartitionCatalog,
  createLogger,
  createSqsClient,
  DirectoryObjectStore,
  DuckDbParquetEncoder,
  LocalPartitionCatalog,
  resolveQueueUrl,
} from '@rireki/adapters';
import { LOCAL_STACK, RirekiError, toRirekiError } from '@rireki/contracts';
import { loadIngestConfig } from './config.js';
import { createIngestWorker } from './createIngestWorker.js';

// The ingest worker process: configuration from the environment, real adapters, signals.
const logger = createLogger('rireki-ingest');

// Signals are handled from the first line: a SIGTERM during start-up still ends in an orderly exit 0.
let stopRequested: string | undefined;
let stopWorker: ((signal: string) => void) | undefined;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopRequested !== undefined) return;
    stopRequested = signal;
    logger.info({ event: 'ingest.signal', signal }, 'stopping');
    if (stopWorker) stopWorker(signal);
    else process.exit(0);
  });
}

async function main(): Promise<void> {
  const config = loadIngestConfig(process.env);
  logger.level = config.logLevel;
  const sqs = createSqsClient({
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.sqsEndpoint === undefined ? {} : { endpoint: config.sqsEndpoint }),
    // The embedded endpoint takes any credentials; real AWS uses the default chain.
    ...(config.mode === 'local' && !process.env.AWS_ACCESS_KEY_ID
      ? {
          credentials: { accessKeyId: LOCAL_STACK.accessKeyId, secretAccessKey: LOCAL_STACK.secretAccessKey },
        }
      : {}),
  });
  const queueUrl = await resolveQueueUrl(sqs, config.queue);
  const encoder = await DuckDbParquetEncoder.create();
  const worker = createIngestWorker({
    sqs,
    queueUrl,
    store: new DirectoryObjectStore(config.lake),
    catalog: new CachedPartitionCatalog(new LocalPartitionCatalog(config.catalogDir)),
    encoder,
    logger,
    config,
  });
  if (stopRequested !== undefined) process.exit(0);
  stopWorker = () => {
    worker
      .stop()
      .then(async () => {
        await encoder.close();
        sqs.destroy();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ event: 'ingest.stop.failed', error: String(error) }, 'drain failed');
        process.exit(1);
      });
  };
  worker.start();
}

main().catch((thrown: unknown) => {
  const error = toRirekiError(thrown);
  logger.fatal({ event: 'ingest.start.failed', code: error.code, error: error.message }, 'cannot start');
  process.exitCode = error instanceof RirekiError && error.code === 'CONFIG_INVALID' ? 78 : 1;
});
