import { METRIC_NAMES, METRICS_NAMESPACE, SEARCH_ERROR_CODES, WORKER_DIMENSION } from '@rireki/contracts';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

export interface WorkerAlarmsProps {
  /** Share of quarantined records among all records that raises the alarm. @defaultValue 0.05 */
  readonly quarantineRate?: number;
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

/** Search outcomes that are the service's fault, not the requester's. */
const FAILED_SEARCH_CODES = [
  SEARCH_ERROR_CODES.engineError,
  SEARCH_ERROR_CODES.timeout,
  SEARCH_ERROR_CODES.internal,
];

const PERIOD = Duration.minutes(5);

function workerMetric(worker: string, name: string, dimensions: Record<string, string> = {}) {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [WORKER_DIMENSION]: worker, ...dimensions },
    statistic: 'Sum',
    period: PERIOD,
  });
}

/**
 * Alarms on the workers' own metrics (EMF, namespace Rireki): a share of quarantined input that
 * says a producer is sending broken events, and searches that failed on the service's side.
 */
export class WorkerAlarms extends Construct {
  readonly quarantineRateAlarm: cloudwatch.Alarm;
  readonly searchFailuresAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WorkerAlarmsProps = {}) {
    super(scope, id);
    const rate = props.quarantineRate ?? 0.05;
    this.quarantineRateAlarm = new cloudwatch.MathExpression({
      expression: 'quarantined / (accepted + quarantined)',
      usingMetrics: {
        quarantined: workerMetric('ingest', METRIC_NAMES.ingestEventsQuarantined),
        accepted: workerMetric('ingest', METRIC_NAMES.ingestEventsAccepted),
      },
      period: PERIOD,
      label: 'share of input quarantined',
    }).createAlarm(this, 'QuarantineRate', {
      alarmDescription: `more than ${rate * 100}% of the ingested input was quarantined (see rireki status and the quarantine area)`,
      threshold: rate,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const failed = Object.fromEntries(
      FAILED_SEARCH_CODES.map((code) => [
        code.toLowerCase(),
        workerMetric('query', METRIC_NAMES.querySearches, { code }),
      ]),
    );
    this.searchFailuresAlarm = new cloudwatch.MathExpression({
      expression: Object.keys(failed).join(' + '),
      usingMetrics: failed,
      period: PERIOD,
      label: `searches failed ${FAILED_SEARCH_CODES.join(', ')}`,
    }).createAlarm(this, 'SearchFailures', {
      alarmDescription: `searches failed with ${FAILED_SEARCH_CODES.join(', ')} (the query worker's log says why)`,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const action of props.alarmActions ?? []) {
      this.quarantineRateAlarm.addAlarmAction(action);
      this.searchFailuresAlarm.addAlarmAction(action);
    }
  }
}
