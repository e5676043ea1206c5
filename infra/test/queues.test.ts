import { DLQ_MAX_RECEIVE_COUNT, QUEUE_NAMES } from '@rireki/contracts';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { cfnText, logicalId, queueLogicalId, synthesize } from './synthesize.js';

const { template } = synthesize({ ingestQueueAgeAlarmSeconds: 600, searchQueueAgeAlarmSeconds: '90' });

describe.each([
  { queue: QUEUE_NAMES.ingest, dlq: QUEUE_NAMES.ingestDlq, maxAge: 600 },
  { queue: QUEUE_NAMES.search, dlq: QUEUE_NAMES.searchDlq, maxAge: 90 },
])('$queue', ({ queue, dlq, maxAge }) => {
  it('redrives to its DLQ after DLQ_MAX_RECEIVE_COUNT receives, both with SQS-managed SSE', () => {
    const dlqId = queueLogicalId(template, dlq);

    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: queue,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: DLQ_MAX_RECEIVE_COUNT,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: dlq, SqsManagedSseEnabled: true });
  });

  it.each(['queue', 'dlq'] as const)('the %s denies every request not over TLS', (which) => {
    const name = which === 'queue' ? queue : dlq;
    const id = queueLogicalId(template, name);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy')).filter((policy) =>
      (policy.Properties.Queues as unknown[]).map(cfnText).includes(`<${id}>`),
    );
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('alarms on anything in the DLQ and on a stale oldest message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['QueueName']) }) },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmDescription: Match.stringLikeRegexp(dlq),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: maxAge,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmDescription: Match.stringLikeRegexp(`${queue} `),
    });
  });
});

describe('removal', () => {
  it('keeps the ingest queues (events not yet in the lake) and lets the search queues go', () => {
    const policy = (name: string) =>
      template.findResources('AWS::SQS::Queue')[queueLogicalId(template, name)]?.DeletionPolicy;

    expect(policy(QUEUE_NAMES.ingest)).toBe('Retain');
    expect(policy(QUEUE_NAMES.ingestDlq)).toBe('Retain');
    expect(policy(QUEUE_NAMES.search)).toBe('Delete');
    expect(policy(QUEUE_NAMES.searchDlq)).toBe('Delete');
  });
});

describe('alarm actions', () => {
  it('notify the alarmTopicArn when one is given, and nothing otherwise', () => {
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ops';
    const withTopic = synthesize({ alarmTopicArn: topicArn }).template;

    const alarms = Object.values(withTopic.findResources('AWS::CloudWatch::Alarm'));
    // Four on the queues, two on the workers' metrics.
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([topicArn]);
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });

  it('has exactly the four queue alarms beside the two on the workers’ metrics', () => {
    const onQueues = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties.Namespace === 'AWS/SQS',
    );
    expect(onQueues).toHaveLength(4);
    expect(logicalId(template, 'AWS::CloudWatch::Alarm', 'IngestQueueDlqNotEmpty')).toBeTruthy();
  });
});
