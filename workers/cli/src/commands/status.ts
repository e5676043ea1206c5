import type { SQSClient } from '@aws-sdk/client-sqs';
import { isLocalEndpoint, type LakeSettings, openObjectStore, sqsEndpointUrl } from '@rireki/adapters';
import { QUEUE_NAMES } from '@rireki/contracts';
import type { MetricsPorts } from '../stack/stackConfig.js';
import { lakeFigures } from '../status/lakeFigures.js';
import { queueFigures } from '../status/queueFigures.js';
import type { StatusReport, WorkerStatus } from '../status/statusReport.js';
import { localWorkerFigures } from '../status/workerFigures.js';

export interface StatusOptions {
  readonly lake: LakeSettings;
  /** The local workers' metrics ports; unused against an AWS endpoint. */
  readonly metricsPorts: MetricsPorts;
  readonly nowMs: number;
}

const QUEUES = [QUEUE_NAMES.ingest, QUEUE_NAMES.ingestDlq, QUEUE_NAMES.search, QUEUE_NAMES.searchDlq];
const DLQS: readonly string[] = [QUEUE_NAMES.ingestDlq, QUEUE_NAMES.searchDlq];

/** Against AWS the workers are ECS services: their running tasks are ECS's to report. */
const AWS_WORKERS: WorkerStatus[] = (['ingest', 'query', 'maintenance'] as const).map((worker) => ({
  worker,
  alive: null,
  detail: 'on AWS: see the ECS service running count and the rireki_worker_up metric in CloudWatch',
}));

/** Everything `rireki status` reports, and the reasons it needs attention. */
export async function runStatus(sqs: SQSClient, options: StatusOptions): Promise<StatusReport> {
  const url = await sqsEndpointUrl(sqs);
  const local = isLocalEndpoint(url);
  const [{ reachable, queues }, figures, lake] = await Promise.all([
    queueFigures(sqs, QUEUES),
    local ? localWorkerFigures(options.metricsPorts) : undefined,
    lakeFigures(
      openObjectStore(options.lake),
      options.lake.lake.kind === 'directory' ? options.lake.lake.path : null,
      options.nowMs,
    ).catch((error: unknown) => ({ unavailable: (error as Error).message })),
  ]);
  const workers = figures?.workers ?? AWS_WORKERS;
  const attention: string[] = [];
  if (!reachable) {
    attention.push(
      `the SQS endpoint ${url} cannot be reached${local ? ' (is the local stack running? start it with `rireki up`)' : ''}`,
    );
  }
  for (const queue of queues) {
    if (queue.url === null)
      attention.push(`queue ${queue.name}: ${'why' in queue.oldestAge ? queue.oldestAge.why : ''}`);
    const held = (queue.visible ?? 0) + (queue.inFlight ?? 0) + (queue.delayed ?? 0);
    if (DLQS.includes(queue.name) && held > 0) {
      attention.push(
        `${queue.name} holds ${held} messages that failed every receive; inspect and redrive them`,
      );
    }
  }
  for (const worker of workers) {
    if (worker.alive === false)
      attention.push(`the ${worker.worker} worker is not answering: ${worker.detail}`);
  }
  if ('unavailable' in lake) attention.push(`the lake cannot be read: ${lake.unavailable}`);
  return {
    endpoint: { url, reachable, local },
    queues,
    workers,
    ingestLag: figures?.ingestLag ?? {
      seconds: null,
      why: 'on AWS: the ingest queue’s ApproximateAgeOfOldestMessage in CloudWatch',
    },
    lake,
    attention,
  };
}
