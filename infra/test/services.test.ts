import { QUEUE_NAMES } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { WORKER_ENV_KEYS as KEYS, STOP_TIMEOUT_S, WORKER_COMMANDS } from '../lib/index.js';
import { cfnText, logicalId, queueLogicalId, synthesize } from './synthesize.js';

const { template } = synthesize({ queryMinTasks: 2, queryMaxTasks: '8', queryBacklogPerTask: 5 });

type MetricQuery = {
  Id: string;
  Expression?: string;
  ReturnData: boolean;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] };
  };
};

type Container = {
  Command: string[];
  StopTimeout: number;
  Environment: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
};

function container(prefix: 'Ingest' | 'Query'): Container {
  const id = logicalId(template, 'AWS::ECS::TaskDefinition', `${prefix}Task`);
  const definitions = template.findResources('AWS::ECS::TaskDefinition')[id]?.Properties.ContainerDefinitions;
  expect(definitions).toHaveLength(1);
  return definitions[0] as Container;
}

function environment(prefix: 'Ingest' | 'Query'): Record<string, string> {
  return Object.fromEntries(container(prefix).Environment.map((v) => [v.Name, cfnText(v.Value)]));
}

function queueId(name: string): string {
  return queueLogicalId(template, name);
}

const bucket = logicalId(template, 'AWS::S3::Bucket', 'LakeBucket');

describe.each([
  { worker: 'Ingest', command: WORKER_COMMANDS.ingest },
  { worker: 'Query', command: WORKER_COMMANDS.query },
] as const)('$worker service', ({ worker, command }) => {
  it('runs the worker in exec form with the longest stop timeout Fargate allows', () => {
    const definition = container(worker);

    expect(definition.Command).toEqual([...command]);
    expect(definition.StopTimeout).toBe(120);
    expect(STOP_TIMEOUT_S).toBe(120);
  });

  it('is a Fargate service in private subnets with a deployment circuit breaker', () => {
    const id = logicalId(template, 'AWS::ECS::Service', `${worker}Service`);
    const service = template.findResources('AWS::ECS::Service')[id]?.Properties;

    expect(service.LaunchType).toBe('FARGATE');
    expect(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
    expect(service.DeploymentConfiguration).toMatchObject({
      MinimumHealthyPercent: 100,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
    });
  });

  it('runs in aws mode on the S3 lake', () => {
    const env = environment(worker);

    expect(env[KEYS.mode]).toBe('aws');
    expect(env[KEYS.lake]).toBe(`s3://<${bucket}>/rireki`);
    expect(env[KEYS.glueDatabase]).toBe('rireki');
    expect(env[KEYS.athenaWorkgroup]).toBe('rireki');
    expect(env[KEYS.s3Sse]).toBe('AES256');
  });
});

describe('environment', () => {
  it('gives the ingest worker its queue URL, the Glue catalog and a drain shorter than the stop timeout', () => {
    const env = environment('Ingest');

    expect(env[KEYS.ingestQueue]).toBe(`<${queueId(QUEUE_NAMES.ingest)}>`);
    expect(env[KEYS.catalog]).toBe('glue');
    expect(Number(env[KEYS.drainTimeoutMs])).toBeLessThan(STOP_TIMEOUT_S * 1000);
    expect(Number(env[KEYS.drainTimeoutMs])).toBeGreaterThanOrEqual(60_000);
    expect(env[KEYS.searchQueue]).toBeUndefined();
  });

  it('gives the query worker its queue URL, Athena, signed access and the reply queue pattern', () => {
    const env = environment('Query');

    expect(env[KEYS.searchQueue]).toBe(`<${queueId(QUEUE_NAMES.search)}>`);
    expect(env[KEYS.engine]).toBe('athena');
    expect(env[KEYS.searchAccess]).toBe('signed');
    expect(env[KEYS.replyQueues]).toBe(
      'https://sqs.<AWS::Region>.<AWS::URLSuffix>/<AWS::AccountId>/rireki-reply-*',
    );
    expect(env[KEYS.ingestQueue]).toBeUndefined();
  });

  it('injects the grants and keys from the search-access secret, never as plain environment', () => {
    const secretId = logicalId(template, 'AWS::SecretsManager::Secret', 'SearchAccess');
    const secrets = Object.fromEntries(
      (container('Query').Secrets ?? []).map((s) => [s.Name, cfnText(s.ValueFrom)]),
    );

    expect(secrets).toEqual({
      [KEYS.searchGrants]: `<${secretId}>:grants::`,
      [KEYS.requesterKeys]: `<${secretId}>:keys::`,
    });
    expect(environment('Query')[KEYS.searchGrants]).toBeUndefined();
    expect(container('Ingest').Secrets).toBeUndefined();
  });

  it('uses an existing secret and the KMS settings when given', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rireki/search-AbC123';
    const other = synthesize({
      searchAccessSecretArn: arn,
      lakeEncryption: 'kms',
      replyQueuePattern: 'app-*-replies',
    });
    const id = logicalId(other.template, 'AWS::ECS::TaskDefinition', 'QueryTask');
    const definition = other.template.findResources('AWS::ECS::TaskDefinition')[id]?.Properties
      .ContainerDefinitions[0] as Container;
    const env = Object.fromEntries(definition.Environment.map((v) => [v.Name, cfnText(v.Value)]));

    expect(definition.Secrets?.map((s) => cfnText(s.ValueFrom))).toEqual([
      `${arn}:grants::`,
      `${arn}:keys::`,
    ]);
    expect(other.template.findResources('AWS::SecretsManager::Secret')).toEqual({});
    expect(env[KEYS.s3Sse]).toBe('aws:kms');
    expect(env[KEYS.s3KmsKeyId]).toMatch(/^<LakeKey\w+\.Arn>$/);
    expect(env[KEYS.replyQueues]).toMatch(/\/app-\*-replies$/);
  });
});

describe('scaling on backlog per task', () => {
  const policies = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));

  it.each([
    { worker: 'Ingest', queue: QUEUE_NAMES.ingest, min: 1, max: 4, target: 10_000 },
    { worker: 'Query', queue: QUEUE_NAMES.search, min: 2, max: 8, target: 5 },
  ] as const)('$worker tracks visible messages / RunningTaskCount', ({ worker, queue, min, max, target }) => {
    const targetId = logicalId(template, 'AWS::ApplicationAutoScaling::ScalableTarget', `${worker}Scaling`);
    const serviceId = logicalId(template, 'AWS::ECS::Service', `${worker}Service`);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: min,
      MaxCapacity: max,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    const policy = policies.find(
      (p) => cfnText(p.Properties.ScalingTargetId) === `<${targetId}>`,
    )?.Properties;
    const config = policy?.TargetTrackingScalingPolicyConfiguration;
    const metrics = config.CustomizedMetricSpecification.Metrics as MetricQuery[];
    const byId = Object.fromEntries(metrics.map((m) => [m.Id, m]));

    expect(policy?.PolicyType).toBe('TargetTrackingScaling');
    expect(config.TargetValue).toBe(target);
    expect(byId.backlogPerTask).toMatchObject({ Expression: 'visible / tasks', ReturnData: true });
    expect(byId.visible?.MetricStat.Metric).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
    expect(cfnText(byId.visible?.MetricStat.Metric.Dimensions[0]?.Value)).toBe(
      `<${queueId(queue)}.QueueName>`,
    );
    expect(byId.tasks?.MetricStat.Metric).toMatchObject({
      Namespace: 'ECS/ContainerInsights',
      MetricName: 'RunningTaskCount',
    });
    expect(byId.tasks?.MetricStat.Metric.Dimensions.map((d) => cfnText(d.Value))).toContain(
      `<${serviceId}.Name>`,
    );
  });

  it('has Container Insights on, which publishes RunningTaskCount', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });
});
