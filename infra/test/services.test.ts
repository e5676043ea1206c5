import { QUEUE_NAMES, retentionSetting } from '@rireki/contracts';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  WORKER_ENV_KEYS as KEYS,
  lakeExpirations,
  PREDECESSOR_WAIT_S,
  STOP_TIMEOUT_S,
  WORKER_COMMANDS,
} from '../lib/index.js';
import { cfnText, logicalId, queueLogicalId, synthesize } from './synthesize.js';

const { template } = synthesize({ queryMinTasks: 2, queryMaxTasks: '8', queryBacklogPerTask: 5 });

type Worker = 'Ingest' | 'Query' | 'Maintenance';

type MetricQuery = {
  Id: string;
  Expression?: string;
  ReturnData: boolean;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] };
  };
};

type Container = {
  Name: string;
  Essential: boolean;
  DependsOn?: { ContainerName: string; Condition: string }[];
  Command: string[];
  StopTimeout: number;
  Environment: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
};

function containers(prefix: Worker, from: Template = template): Container[] {
  const id = logicalId(from, 'AWS::ECS::TaskDefinition', `${prefix}Task`);
  return from.findResources('AWS::ECS::TaskDefinition')[id]?.Properties.ContainerDefinitions;
}

/** The worker's container, the task's one essential container. */
function container(prefix: Worker, from: Template = template): Container {
  const essential = containers(prefix, from).filter((definition) => definition.Essential);
  expect(essential).toHaveLength(1);
  return essential[0] as Container;
}

function environment(prefix: Worker, from: Template = template): Record<string, string> {
  return Object.fromEntries(container(prefix, from).Environment.map((v) => [v.Name, cfnText(v.Value)]));
}

function service(prefix: Worker, from: Template = template) {
  const id = logicalId(from, 'AWS::ECS::Service', `${prefix}Service`);
  return { id, properties: from.findResources('AWS::ECS::Service')[id]?.Properties };
}

function queueId(name: string): string {
  return queueLogicalId(template, name);
}

const bucket = logicalId(template, 'AWS::S3::Bucket', 'LakeBucket');

describe.each([
  { worker: 'Ingest', command: WORKER_COMMANDS.ingest },
  { worker: 'Query', command: WORKER_COMMANDS.query },
  { worker: 'Maintenance', command: WORKER_COMMANDS.maintenance },
] as const)('$worker service', ({ worker, command }) => {
  it('runs the worker in exec form with the longest stop timeout Fargate allows', () => {
    const definition = container(worker);

    expect(definition.Command).toEqual([...command]);
    expect(definition.StopTimeout).toBe(120);
    expect(STOP_TIMEOUT_S).toBe(120);
  });

  it('is a Fargate service in private subnets with a deployment circuit breaker', () => {
    const { properties } = service(worker);

    expect(properties.LaunchType).toBe('FARGATE');
    expect(properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
    expect(properties.DeploymentConfiguration).toMatchObject({
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

describe('maintenance service', () => {
  it('runs exactly one task, never scaled, and a deployment stops it before starting the next', () => {
    const { id, properties } = service('Maintenance');
    const targets = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));

    expect(properties.DesiredCount).toBe(1);
    expect(properties.DeploymentConfiguration).toMatchObject({
      MinimumHealthyPercent: 0,
      MaximumPercent: 100,
    });
    expect(targets).toHaveLength(2);
    expect(targets.map((target) => cfnText(target.Properties.ResourceId))).not.toContainEqual(
      expect.stringContaining(`<${id}.Name>`),
    );
    expect(Object.keys(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))).toHaveLength(2);
  });

  it('starts its worker only after a wait longer than a stopping predecessor can live', () => {
    const [worker, wait, ...others] = containers('Maintenance');

    expect(others).toEqual([]);
    expect(worker?.DependsOn).toEqual([{ ContainerName: wait?.Name, Condition: 'SUCCESS' }]);
    expect(wait?.Essential).toBe(false);
    expect(wait?.Command.slice(0, 2)).toEqual(['node', '-e']);
    const waitMs = Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(wait?.Command[2] ?? '')?.[1]);
    expect(waitMs).toBe(PREDECESSOR_WAIT_S * 1000);
    expect(waitMs).toBeGreaterThan(STOP_TIMEOUT_S * 1000);
    // The scaled services' tasks run their worker alone, at once.
    for (const scaled of ['Ingest', 'Query'] as const) expect(containers(scaled)).toHaveLength(1);
  });

  it('lets the scaled services drain while their replacements start, the scaling owning their count', () => {
    for (const worker of ['Ingest', 'Query'] as const) {
      const { properties } = service(worker);

      expect(properties.DesiredCount).toBeUndefined();
      expect(properties.DeploymentConfiguration).toMatchObject({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      });
    }
  });

  it('uses the Glue catalog, keeps everything by default, and no queue', () => {
    const env = environment('Maintenance');

    expect(env[KEYS.catalog]).toBe('glue');
    expect(env[KEYS.retention]).toBe('{}');
    expect(env[KEYS.quarantineRetentionDays]).toBe('30');
    expect(env[KEYS.resultsRetentionDays]).toBe('1');
    // Half of the task's 2048 MiB.
    expect(env[KEYS.rewriteMemoryLimit]).toBe('1024MiB');
    expect(env[KEYS.ingestQueue]).toBeUndefined();
    expect(env[KEYS.searchQueue]).toBeUndefined();
    expect(container('Maintenance').Secrets).toBeUndefined();
  });

  it('is told the retention the lifecycle rules are derived from', () => {
    const other = synthesize({
      retention: { shop: 400, audit: 'unlimited', '*': 90 },
      quarantineRetentionDays: 14,
      resultsRetentionDays: '2',
      maintenanceCpu: 2048,
      maintenanceMemoryMiB: 8192,
    }).template;
    const env = environment('Maintenance', other);
    const rules = Object.values(other.findResources('AWS::S3::Bucket'))[0]?.Properties.LifecycleConfiguration
      .Rules as { Prefix?: string; ExpirationInDays?: number }[];
    const ruleDays = (area: string) =>
      rules.find((rule) => rule.Prefix === `rireki/${area}/`)?.ExpirationInDays;
    // What the worker will read from its environment, with its own parser.
    const days = retentionSetting().parse(env[KEYS.retention]);
    const expected = lakeExpirations({
      days,
      quarantineDays: Number(env[KEYS.quarantineRetentionDays]),
      resultsDays: Number(env[KEYS.resultsRetentionDays]),
    });

    expect(days).toEqual(
      new Map<string, number | null>([
        ['shop', 400],
        ['audit', null],
        ['*', 90],
      ]),
    );
    expect(env[KEYS.quarantineRetentionDays]).toBe('14');
    expect(env[KEYS.resultsRetentionDays]).toBe('2');
    expect(expected.table).toBeUndefined(); // audit is kept for ever
    expect(ruleDays('action_logs')).toBe(expected.table);
    expect(ruleDays('quarantine')).toBe(expected.quarantine);
    expect(ruleDays('results')).toBe(expected.results);
    expect(env[KEYS.rewriteMemoryLimit]).toBe('4096MiB');
    const task = logicalId(other, 'AWS::ECS::TaskDefinition', 'MaintenanceTask');
    expect(other.findResources('AWS::ECS::TaskDefinition')[task]?.Properties).toMatchObject({
      Cpu: '2048',
      Memory: '8192',
    });
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
