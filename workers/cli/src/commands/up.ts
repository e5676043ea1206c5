import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createSqsClient, type Logger, provisionQueues, startEmbeddedSqs } from '@rireki/adapters';
import { ENV_KEYS, LOCAL_STACK } from '@rireki/contracts';
import { startDemoTraffic } from '../stack/demoTraffic.js';
import type { StackConfig } from '../stack/stackConfig.js';
import { superviseWorker } from '../stack/superviseWorker.js';

export interface UpOptions {
  readonly demo: boolean;
  readonly demoRate: number;
}

/**
 * The local stack: the embedded SQS endpoint in this process, rireki's queues, the lake under the
 * data directory, and the ingest and query workers as supervised child processes. Resolves when stopped.
 */
export async function runUp(config: StackConfig, options: UpOptions, logger: Logger): Promise<void> {
  const sqsServer = await startEmbeddedSqs({ port: config.port }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `port ${config.port} on ${LOCAL_STACK.host} is in use (another "rireki up"?); stop it or set ${ENV_KEYS.port}`,
      );
    }
    throw error;
  });
  const endpoint = sqsServer.endpoint;
  const credentials = { accessKeyId: LOCAL_STACK.accessKeyId, secretAccessKey: LOCAL_STACK.secretAccessKey };
  const sqs = createSqsClient({ endpoint, region: config.region, credentials });
  const queues = await provisionQueues(sqs);

  const workerEnv = {
    ...process.env,
    [ENV_KEYS.mode]: 'local',
    [ENV_KEYS.dataDir]: config.dataDir,
    [ENV_KEYS.ingestQueue]: queues.ingest,
    [ENV_KEYS.searchQueue]: queues.search,
    AWS_REGION: config.region,
    AWS_ENDPOINT_URL_SQS: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  const workers = [
    superviseWorker({
      name: 'ingest',
      script: fileURLToPath(import.meta.resolve('@rireki/ingest/main')),
      logger,
      env: workerEnv,
    }),
    superviseWorker({
      name: 'query',
      script: fileURLToPath(import.meta.resolve('@rireki/query/main')),
      logger,
      env: workerEnv,
    }),
  ];

  printBanner(endpoint, queues, config);
  const stopDemo = options.demo ? startDemoTraffic(sqs, queues.ingest, options.demoRate) : undefined;
  if (stopDemo)
    logger.info(
      { event: 'stack.demo.started', perSecond: options.demoRate },
      'demo traffic from shop, blog, admin',
    );

  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

  logger.info({ event: 'stack.stopping' }, 'stopping: draining the workers');
  if (stopDemo) {
    const sent = await stopDemo();
    logger.info({ event: 'stack.demo.stopped', sent }, 'demo traffic stopped');
  }
  const [ingestExitCode, queryExitCode] = await Promise.all(workers.map((worker) => worker.stop()));
  const left = await sqs
    .send(
      new GetQueueAttributesCommand({
        QueueUrl: queues.ingest,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    )
    .then(
      (r) =>
        Number(r.Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(r.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    )
    .catch(() => 0);
  if (left > 0) {
    logger.warn(
      { event: 'stack.queue.discarded', messages: left },
      'the embedded queue keeps messages in memory only: messages not yet ingested are discarded now',
    );
  }
  sqs.destroy();
  await sqsServer.stop();
  logger.info({ event: 'stack.stopped', ingestExitCode, queryExitCode }, 'local stack stopped');
}

function printBanner(
  endpoint: string,
  queues: { ingest: string; search: string; ingestDlq: string; searchDlq: string },
  config: StackConfig,
): void {
  const lines = [
    '',
    'rireki local stack is up',
    '',
    `  SQS endpoint   ${endpoint}   (in memory; region ${config.region}; any credentials, e.g. AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x)`,
    `  ingest queue   ${queues.ingest}`,
    `  ingest DLQ     ${queues.ingestDlq}`,
    `  search queue   ${queues.search}`,
    `  search DLQ     ${queues.searchDlq}`,
    `  lake           ${config.dataDir}/lake/action_logs/app=<app>/dt=<YYYY-MM-DD>/*.parquet`,
    `  quarantine     ${config.dataDir}/lake/quarantine/`,
    `  catalog        ${config.dataDir}/catalog/`,
    '',
    'Try:',
    '  npx rireki search --app shop --filter userId=42 --total',
    `  aws sqs send-message --endpoint-url ${endpoint} --region ${config.region} --queue-url ${queues.ingest} \\`,
    `    --message-body '{"app":"shop","occurredAt":"${new Date().toISOString()}","method":"GET","path":"/","status":200,"userId":"42"}'`,
    `  echo '{"app":"shop","occurredAt":${Date.now()},"path":"/cart","status":200}' | npx rireki send`,
    '',
    'Ctrl-C drains the workers and stops.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
