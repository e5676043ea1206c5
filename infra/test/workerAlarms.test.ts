import { METRIC_NAMES } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { synthesize } from './synthesize.js';

const { template } = synthesize({ alarmTopicArn: 'arn:aws:sns:ap-northeast-1:123456789012:rireki-alarms' });

/** The metric queries of the alarm whose description starts with `description`. */
function alarmMetrics(description: string) {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
    String(alarm.Properties.AlarmDescription).startsWith(description),
  );
  expect(alarms).toHaveLength(1);
  return alarms[0]?.Properties as {
    Threshold: number;
    AlarmActions: unknown[];
    Metrics: {
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown[] } };
    }[];
  };
}

describe('alarms on the workers’ metrics', () => {
  it('alarms when more than 5% of the ingested input is quarantined, from the ingest worker’s counters', () => {
    const alarm = alarmMetrics('more than 5% of the ingested input was quarantined');

    expect(alarm.Threshold).toBe(0.05);
    expect(alarm.Metrics.find((m) => m.Expression)?.Expression).toBe(
      'quarantined / (accepted + quarantined)',
    );
    const stats = alarm.Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(stats).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Namespace: 'Rireki',
          MetricName: METRIC_NAMES.ingestEventsQuarantined,
          Dimensions: [{ Name: 'worker', Value: 'ingest' }],
        }),
        expect.objectContaining({ MetricName: METRIC_NAMES.ingestEventsAccepted }),
      ]),
    );
    expect(alarm.AlarmActions).toHaveLength(1);
  });

  it('alarms on any search that failed on the service’s side, never on a requester’s mistake', () => {
    const alarm = alarmMetrics('searches failed with');

    expect(alarm.Threshold).toBe(0);
    const codes = alarm.Metrics.flatMap((m) =>
      m.MetricStat && m.MetricStat.Metric.MetricName === METRIC_NAMES.querySearches
        ? (m.MetricStat.Metric.Dimensions as { Name: string; Value: string }[])
            .filter((d) => d.Name === 'code')
            .map((d) => d.Value)
        : [],
    );
    expect(codes.sort()).toEqual(['ENGINE_ERROR', 'INTERNAL', 'TIMEOUT']);
  });
});
