import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { METRIC_NAMES, METRICS_NAMESPACE, WORKER_DIMENSION } from '@rireki/contracts';
import type { Figure, WorkerStatus } from './statusReport.js';

const WORKERS = ['ingest', 'query', 'maintenance'] as const;
/** Workers flush their EMF metrics every minute; ten minutes leaves room for CloudWatch's delay. */
const WINDOW_MS = 10 * 60_000;

function query(
  id: string,
  namespace: string,
  metricName: string,
  dimension: [string, string],
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: namespace,
        MetricName: metricName,
        Dimensions: [{ Name: dimension[0], Value: dimension[1] }],
      },
      Period: 60,
      Stat: 'Maximum',
    },
  };
}

/**
 * On AWS, from one GetMetricData call: each queue's ApproximateAgeOfOldestMessage (SQS publishes
 * it each minute) and whether each worker's rireki_worker_up arrived in the last ten minutes.
 */
export async function cloudWatchFigures(
  cloudWatch: CloudWatchClient,
  queueNames: readonly string[],
  nowMs: number,
): Promise<{ ages: Map<string, Figure>; workers: WorkerStatus[] }> {
  const queries = [
    ...queueNames.map((name, i) =>
      query(`age${i}`, 'AWS/SQS', 'ApproximateAgeOfOldestMessage', ['QueueName', name]),
    ),
    ...WORKERS.map((worker) =>
      query(`up_${worker}`, METRICS_NAMESPACE, METRIC_NAMES.workerUp, [WORKER_DIMENSION, worker]),
    ),
  ];
  const result = await cloudWatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(nowMs - WINDOW_MS),
      EndTime: new Date(nowMs),
      ScanBy: 'TimestampDescending',
    }),
  );
  const latest = new Map<string, number>();
  for (const series of result.MetricDataResults ?? []) {
    const value = series.Values?.[0];
    if (series.Id !== undefined && value !== undefined) latest.set(series.Id, value);
  }
  const ages = new Map<string, Figure>(
    queueNames.map((name, i) => {
      const age = latest.get(`age${i}`);
      return [
        name,
        age === undefined
          ? { seconds: null, why: 'no CloudWatch datapoint in the last 10 minutes' }
          : { seconds: age },
      ];
    }),
  );
  const workers = WORKERS.map((worker): WorkerStatus => {
    const up = latest.has(`up_${worker}`);
    return {
      worker,
      alive: up,
      detail: up
        ? `${METRIC_NAMES.workerUp} arrived in the last 10 minutes`
        : `no ${METRIC_NAMES.workerUp} in CloudWatch for the last 10 minutes`,
    };
  });
  return { ages, workers };
}
