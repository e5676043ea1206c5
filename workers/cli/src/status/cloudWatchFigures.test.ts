import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { cloudWatchFigures } from './cloudWatchFigures.js';

const cloudWatch = mockClient(CloudWatchClient);
const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('cloudWatchFigures', () => {
  afterEach(() => cloudWatch.reset());

  it('asks once for every queue age and worker heartbeat over the last ten minutes, and reads the latest', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'age0', Values: [42, 30] },
        { Id: 'age1', Values: [] },
        { Id: 'up_ingest', Values: [1] },
        { Id: 'up_query', Values: [1, 1] },
        { Id: 'up_maintenance', Values: [] },
      ],
    });

    const figures = await cloudWatchFigures(
      new CloudWatchClient({ region: 'ap-northeast-1' }),
      ['rireki-ingest', 'rireki-ingest-dlq'],
      NOW,
    );

    expect(cloudWatch).toReceiveCommandTimes(GetMetricDataCommand, 1);
    expect(cloudWatch).toReceiveCommandWith(GetMetricDataCommand, {
      StartTime: new Date(NOW - 600_000),
      EndTime: new Date(NOW),
      ScanBy: 'TimestampDescending',
      MetricDataQueries: [
        {
          Id: 'age0',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/SQS',
              MetricName: 'ApproximateAgeOfOldestMessage',
              Dimensions: [{ Name: 'QueueName', Value: 'rireki-ingest' }],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
        {
          Id: 'age1',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/SQS',
              MetricName: 'ApproximateAgeOfOldestMessage',
              Dimensions: [{ Name: 'QueueName', Value: 'rireki-ingest-dlq' }],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
        ...['ingest', 'query', 'maintenance'].map((worker) => ({
          Id: `up_${worker}`,
          MetricStat: {
            Metric: {
              Namespace: 'Rireki',
              MetricName: 'rireki_worker_up',
              Dimensions: [{ Name: 'worker', Value: worker }],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        })),
      ],
    });
    expect(figures.ages.get('rireki-ingest')).toEqual({ seconds: 42 });
    expect(figures.ages.get('rireki-ingest-dlq')).toEqual({
      seconds: null,
      why: 'no CloudWatch datapoint in the last 10 minutes',
    });
    expect(figures.workers.map((w) => [w.worker, w.alive])).toEqual([
      ['ingest', true],
      ['query', true],
      ['maintenance', false],
    ]);
  });
});
