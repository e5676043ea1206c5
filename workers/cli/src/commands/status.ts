import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { isLocalEndpoint, type LakeSettings, openObjectStore, sqsEndpointUrl } from '@rireki/adapters';
import { QUEUE_NAMES } from '@rireki/contracts';
import type { MetricsPorts } from '../stack/stackConfig.js';
import { cloudWatchFigures } from '../status/cloudWatchFigures.js';
import { lakeFigures } from '../status/lakeFigures.js';
import { queueFigures } from '../status/queueFigures.js';
import type { StatusReport, WorkerStatus } from '../status/statusReport.js';
import { localWorkerFigures } from '../status/workerFigures.js';

export interface StatusOptions {
  readonly lake: LakeSettings;
  /** The local workers' metrics ports; unused against an AWS endpoint. */
  readonly metricsPorts: MetricsPorts;
  readonly nowMs: number;
  /** Against an AWS endpoint: the CloudWatch client for queue ages and worker heartbeats. */
  readonly cloudWatch?: () => CloudWatchClient;
}

const QUEUES = [QUEUE_NAMES.ingest, QUEUE_NAMES.ingestDlq, QUEUE_NAMES.search, QUEUE_NAMES.searchDlq];
const DLQS: readonly string[] = [QUEUE_NAMES.ingestDlq, QUEUE_NAMES.searchDlq];

const UNKNOWN_WORKERS: WorkerStatus[] = (['ingest', 'query', 'maintenance'] as const).map((worker) => ({
  worker,
  alive: null,
  detail: 'no CloudWatch client to read rireki_worker_up from',
}));

/** Everything `rireki status` reports, and the reasons it needs attention. */
export async function runStatus(sqs: SQSClient, options: StatusOptions): Promise<StatusReport> {
  const url = await sqsEndpointUrl(sqs);
  const local = isLocalEndpoint(url);
  const [{ reachable, queues: depths }, figures, cloud, lake] = await Promise.all([
    queueFigures(sqs, QUEUES),
    local ? localWorkerFigures(options.metricsPorts) : undefined,
    local || options.cloudWatch === undefined
      ? undefined
      : cloudWatchFigures(options.cloudWatch(), QUEUES, options.nowMs),
    lakeFigures(
      openObjectStore(options.lake),
      options.lake.lake.kind === 'directory' ? options.lake.lake.path : null,
      options.nowMs,
    ).catch((error: unknown) => ({ unavailable: (error as Error).message })),
  ]);
  // On AWS the oldest message's age is CloudWatch's; locally only an empty queue's is known.
  const queues = depths.map((queue) => {
    const age = cloud?.ages.get(queue.name);
    return age === undefined || queue.url === null ? queue : { ...queue, oldestAge: age };
  });
  const workers = figures?.workers ?? cloud?.workers ?? UNKNOWN_WORKERS;
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
