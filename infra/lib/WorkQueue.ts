import { DLQ_MAX_RECEIVE_COUNT } from '@rireki/contracts';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WorkQueueProps {
  readonly queueName: string;
  readonly dlqName: string;
  /** Default visibility timeout; the workers request their own on receive and extend it. */
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod: Duration;
  /** Alarm when the oldest message is older than this. */
  readonly maxAge: Duration;
  /** Whether the queues outlive the stack (with whatever they hold). */
  readonly removalPolicy: RemovalPolicy;
  /** Actions of both alarms (e.g. an SNS topic). */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

/**
 * A work queue and its dead-letter queue: SSE with SQS-managed keys, TLS only, a message moved to the
 * DLQ after DLQ_MAX_RECEIVE_COUNT receives, an alarm on anything in the DLQ and one on a stale queue.
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  readonly dlqAlarm: cloudwatch.Alarm;
  readonly ageAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.dlq = new sqs.Queue(this, 'Dlq', {
      queueName: props.dlqName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: time to find and fix the cause, then redrive.
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: DLQ_MAX_RECEIVE_COUNT },
      removalPolicy: props.removalPolicy,
    });

    // SQS publishes a queue's metrics once a minute; Maximum over 5 minutes catches a single message.
    this.dlqAlarm = this.dlq
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'DlqNotEmpty', {
        alarmDescription: `${props.dlqName} holds messages that failed ${DLQ_MAX_RECEIVE_COUNT} receives`,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.ageAlarm = this.queue
      .metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(this, 'OldestMessageTooOld', {
        alarmDescription: `the oldest message in ${props.queueName} is older than ${props.maxAge.toSeconds()} s`,
        threshold: props.maxAge.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    for (const action of props.alarmActions ?? []) {
      this.dlqAlarm.addAlarmAction(action);
      this.ageAlarm.addAlarmAction(action);
    }
  }
}
