import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BacklogScaling } from './BacklogScaling.js';
import type { WorkerSizing } from './config.js';
import { STOP_TIMEOUT_S } from './constants.js';

export interface WorkerServiceProps {
  readonly cluster: ecs.ICluster;
  readonly subnets: ec2.SubnetSelection;
  readonly image: ecs.ContainerImage;
  /** The worker's process, e.g. `['node', 'workers/ingest/dist/main.js']`. */
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, ecs.Secret>>;
  /** The queue the worker consumes; its backlog drives the scaling. */
  readonly queue: sqs.IQueue;
  readonly sizing: WorkerSizing;
  readonly logRetention: logs.RetentionDays;
}

/**
 * One worker as a Fargate service: a task role of its own (empty here; the stack grants exactly what
 * the worker needs), a container that gets STOP_TIMEOUT_S to drain after SIGTERM, and target tracking
 * on the backlog per task.
 */
export class WorkerService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskRole: iam.Role;
  readonly container: ecs.ContainerDefinition;
  readonly scaling: BacklogScaling;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `rireki ${id} worker`,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.sizing.cpu,
      memoryLimitMiB: props.sizing.memoryMiB,
      taskRole: this.taskRole,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
      },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.container = taskDefinition.addContainer('worker', {
      image: props.image,
      command: [...props.command],
      environment: { ...props.environment },
      ...(props.secrets === undefined ? {} : { secrets: { ...props.secrets } }),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: id }),
      stopTimeout: Duration.seconds(STOP_TIMEOUT_S),
      essential: true,
    });
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition,
      vpcSubnets: props.subnets,
      assignPublicIp: false,
      // Old tasks keep draining while new ones start; a deployment that cannot start rolls back.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      // Desired count left unset: the scaling owns it, and a deployment must not reset it.
      platformVersion: ecs.FargatePlatformVersion.LATEST,
    });
    this.scaling = new BacklogScaling(this, 'Scaling', {
      service: this.service,
      queue: props.queue,
      minTasks: props.sizing.minTasks,
      maxTasks: props.sizing.maxTasks,
      backlogPerTask: props.sizing.backlogPerTask,
      policyName: `rireki-${id.toLowerCase()}-backlog-per-task`,
    });
  }
}
