import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  createSqsClient,
  type EmbeddedSqs,
  type Logger,
  loadLakeSettings,
  messagesOn,
  provisionQueues,
  startEmbeddedSqs,
} from '@rireki/adapters';
import { ENV_KEYS, LOCAL_STACK } from '@rireki/contracts';
import { ingestNodeArgs, loadIngestConfig } from '@rireki/ingest';
import { stackEvents } from '../events.js';
import { requesterCredentials } from '../requesterCredentials.js';
import { checkDataDir } from '../stack/checkDataDir.js';
import { checkMetricsPorts } from '../stack/checkMetricsPorts.js';
import { checkWorkerConfig } from '../stack/checkWorkerConfig.js';
import { EXIT_IN_USE, lockDataDir, StackStartError } from '../stack/dataDirLock.js';
import { startDemoTraffic } from '../stack/demoTraffic.js';
import { METRICS_PORT_KEYS, type StackConfig } from '../stack/stackConfig.js';
import { stopSignal } from '../stack/stopSignal.js';
import { superviseWorker } from '../stack/superviseWorker.js';
import { sweepTempFiles } from '../stack/sweepTempFiles.js';
import { consoleLines, serveConsole } from './serveConsole.js';

export interface UpOptions {
  readonly demo: boolean;
  readonly demoRate: number;
}

export interface WorkerExitCodes {
  readonly ingestExitCode: number | null | undefined;
  readonly queryExitCode: number | null | undefined;
  readonly maintenanceExitCode: number | null | undefined;
}

/** Where the durable embedded queue keeps its SQLite database, under the data directory. */
export const QUEUE_DIR = 'queue';

/**
 * The local stack: the embedded SQS endpoint in this process (its state under the data directory
 * unless ephemeral), rireki's queues, the lake under the data directory, and the ingest and query
 * workers as supervised child processes. Everything that can be checked is checked before anything
 * starts. Resolves when stopped.
 */
export async function runUp(config: StackConfig, options: UpOptions, logger: Logger): Promise<void> {
  const events = stackEvents(logger);
  const credentials = { accessKeyId: LOCAL_STACK.accessKeyId, secretAccessKey: LOCAL_STACK.secretAccessKey };
  const baseEnv = {
    ...process.env,
    [ENV_KEYS.mode]: 'local',
    [ENV_KEYS.dataDir]: config.dataDir,
    AWS_REGION: config.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  checkWorkerConfig(baseEnv);
  await checkDataDir(config.dataDir, config.dataDirSource);
  // The lock first: a second stack on the same directory is told which stack holds it, not
  // that the first one's metrics ports are taken.
  const lock = await lockDataDir(config.dataDir, config.port);
  try {
    await checkMetricsPorts(config.metricsPorts, config.consolePort);
    const lake = loadLakeSettings(baseEnv, 'local').lake;
    if (lake.kind === 'directory' && process.env[ENV_KEYS.lake]) await checkDataDir(lake.path, ENV_KEYS.lake);
    // Made at start, so that a lake directory that is missing later was removed (rireki verify says so).
    if (lake.kind === 'directory') await mkdir(lake.path, { recursive: true });
    const swept = lake.kind === 'directory' ? await sweepTempFiles(lake.path) : 0;
    if (swept > 0) events.lakeSwept({ files: swept });
    const sqsServer = await startQueue(config);
    const sqs = createSqsClient({ endpoint: sqsServer.endpoint, region: config.region, credentials });
    let exitCodes: WorkerExitCodes;
    try {
      exitCodes = await runStack(
        config,
        options,
        logger,
        { ...baseEnv, AWS_ENDPOINT_URL_SQS: sqsServer.endpoint },
        sqs,
      );
    } finally {
      sqs.destroy();
      await sqsServer.stop();
    }
    events.stopped(exitCodes);
  } finally {
    await lock.release();
  }
}

async function startQueue(config: StackConfig): Promise<EmbeddedSqs> {
  try {
    return await startEmbeddedSqs({
      port: config.port,
      ...(config.ephemeral ? {} : { dataDir: join(config.dataDir, QUEUE_DIR), sync: config.queueSync }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StackStartError(
        `port ${config.port} on ${LOCAL_STACK.host} is in use (another "rireki up"?); stop it or set ${ENV_KEYS.port}`,
        EXIT_IN_USE,
      );
    }
    throw error;
  }
}

async function runStack(
  config: StackConfig,
  options: UpOptions,
  logger: Logger,
  env: NodeJS.ProcessEnv,
  sqs: SQSClient,
): Promise<WorkerExitCodes> {
  const events = stackEvents(logger);
  const queues = await provisionQueues(sqs);
  const workerEnv = {
    ...env,
    [ENV_KEYS.ingestQueue]: queues.ingest,
    [ENV_KEYS.searchQueue]: queues.search,
    [METRICS_PORT_KEYS.ingest]: String(config.metricsPorts.ingest),
    [METRICS_PORT_KEYS.query]: String(config.metricsPorts.query),
    [METRICS_PORT_KEYS.maintenance]: String(config.metricsPorts.maintenance),
  };
  const workers = (['ingest', 'query', 'maintenance'] as const).map((name) =>
    superviseWorker({
      name,
      script: fileURLToPath(import.meta.resolve(`@rireki/${name}/main`)),
      nodeArgs: name === 'ingest' ? ingestNodeArgs(loadIngestConfig(workerEnv)) : [],
      logger,
      env: workerEnv,
    }),
  );

  // The console signs as RIREKI_REQUESTER when it is set, like every command of this shell.
  const requester = requesterCredentials(env);
  const webConsole =
    config.consolePort === 0
      ? null
      : await serveConsole({
          sqs,
          searchQueue: queues.search,
          requester,
          host: LOCAL_STACK.host,
          port: config.consolePort,
          portSource: ENV_KEYS.consolePort,
        }).catch(async (error: unknown) => {
          await Promise.all(workers.map((worker) => worker.stop()));
          throw error;
        });
  printBanner(
    env.AWS_ENDPOINT_URL_SQS ?? '',
    queues,
    config,
    webConsole ? consoleLines(webConsole, requester?.name) : [],
  );
  const stopDemo = options.demo ? startDemoTraffic(sqs, queues.ingest, options.demoRate) : undefined;
  if (stopDemo) events.demoStarted({ perSecond: options.demoRate });

  await stopSignal();

  events.stopping();
  await webConsole?.close();
  if (stopDemo) events.demoStopped({ sent: await stopDemo() });
  const [ingestExitCode, queryExitCode, maintenanceExitCode] = await Promise.all(
    workers.map((worker) => worker.stop()),
  );
  // Messages no worker has finished: ready, in flight and delayed.
  const left = await messagesOn(sqs, queues.ingest).catch(() => 0);
  if (left > 0 && config.ephemeral) events.queueDiscarded({ messages: left });
  else if (left > 0) events.queueKept({ messages: left, dir: join(config.dataDir, QUEUE_DIR) });
  return { ingestExitCode, queryExitCode, maintenanceExitCode };
}

function printBanner(
  endpoint: string,
  queues: { ingest: string; search: string; ingestDlq: string; searchDlq: string },
  config: StackConfig,
  consoleLine: readonly string[],
): void {
  const queueMode = config.ephemeral
    ? 'in memory (--ephemeral): messages are lost when the stack stops'
    : `durable: kept in ${join(config.dataDir, QUEUE_DIR)}`;
  // A non-default port must reach the commands too, or the first one a newcomer copies fails.
  const portEnv = config.port === LOCAL_STACK.port ? '' : `${ENV_KEYS.port}=${config.port} `;
  const lines = [
    '',
    'rireki local stack is up',
    '',
    ...(consoleLine.length > 0 ? consoleLine : ['  console        off (RIREKI_CONSOLE_PORT=0)']),
    `  SQS endpoint   ${endpoint}   (region ${config.region}; any credentials, e.g. AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x)`,
    `  queue state    ${queueMode}`,
    `  ingest queue   ${queues.ingest}`,
    `  ingest DLQ     ${queues.ingestDlq}`,
    `  search queue   ${queues.search}`,
    `  search DLQ     ${queues.searchDlq}`,
    `  lake           ${config.dataDir}/lake/action_logs/app=<app>/dt=<YYYY-MM-DD>/*.parquet`,
    `  quarantine     ${config.dataDir}/lake/quarantine/`,
    `  catalog        ${config.dataDir}/catalog/`,
    '  maintenance    compacts each partition once its files go quiet; replaced files leave after a grace',
    `  metrics        ${metricsLine(config)}`,
    `  runtime        Node ${process.version}`,
    '',
    'Try:',
    `  ${portEnv}npx rireki status`,
    `  ${portEnv}npx rireki search --app shop --filter userId=42 --total`,
    `  aws sqs send-message --endpoint-url ${endpoint} --region ${config.region} --queue-url ${queues.ingest} \\`,
    `    --message-body '{"app":"shop","occurredAt":"${new Date().toISOString()}","method":"GET","path":"/","status":200,"userId":"42"}'`,
    `  echo '{"app":"shop","occurredAt":${Date.now()},"path":"/cart","status":200}' | ${portEnv}npx rireki send`,
    '',
    'Ctrl-C drains the workers and stops.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Each worker's Prometheus endpoint, or that it is off. */
function metricsLine(config: StackConfig): string {
  return (['ingest', 'query', 'maintenance'] as const)
    .map((worker) => {
      const port = config.metricsPorts[worker];
      return `${worker} ${port === 0 ? 'off' : `http://${LOCAL_STACK.host}:${port}/metrics`}`;
    })
    .join('  ');
}
