import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BacklogScaling } from './BacklogScaling.js';
import { PREDECESSOR_WAIT_S, STOP_TIMEOUT_S } from './constants.js';
import type { ScalingBounds, TaskSize } from './contextSettings.js';

export interface WorkerServiceProps {
  readonly cluster: ecs.ICluster;
  readonly subnets: ec2.SubnetSelection;
  readonly image: ecs.ContainerImage;
  /** The worker's process, e.g. `['node', 'workers/ingest/dist/main.js']`. */
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, ecs.Secret>>;
  /** Fargate size of a task. */
  readonly size: TaskSize;
  /**
   * How many tasks run: scaled on the backlog of the queue the worker consumes, within bounds; or
   * exactly one, never two at once, not even while a deployment replaces it.
   */
  readonly tasks: { readonly scaleOn: sqs.IQueue; readonly bounds: ScalingBounds } | 'exactly-one';
  readonly logRetention: logs.RetentionDays;
}

/**
 * One worker as a Fargate service: a task role of its own (empty here; the stack grants exactly what
 * the worker needs), a container that gets STOP_TIMEOUT_S to drain after SIGTERM, and either target
 * tracking on the backlog per task or a single task.
 */
export class WorkerService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskRole: iam.Role;
  readonly container: ecs.ContainerDefinition;
  /** Undefined for a service of exactly one task. */
  readonly scaling: BacklogScaling | undefined;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `rireki ${id} worker`,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.size.cpu,
      memoryLimitMiB: props.size.memoryMiB,
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
    const { tasks } = props;
    if (tasks === 'exactly-one') {
      // A deployment launches the new task once the old one has left RUNNING, but the old one may
      // go on for STOP_TIMEOUT_S after its SIGTERM: the worker starts only after a wait in a
      // container of its own, by which time any predecessor has exited or been killed.
      const wait = taskDefinition.addContainer('wait-for-predecessor', {
        image: props.image,
        command: ['node', '-e', `setTimeout(() => {}, ${PREDECESSOR_WAIT_S * 1000})`],
        essential: false,
      });
      this.container.addContainerDependencies({
        container: wait,
        condition: ecs.ContainerDependencyCondition.SUCCESS,
      });
    }
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition,
      vpcSubnets: props.subnets,
      assignPublicIp: false,
      ...(tasks === 'exactly-one'
        ? {
            // One task, and a deployment stops it before it launches the next.
            desiredCount: 1,
            minHealthyPercent: 0,
            maxHealthyPercent: 100,
          }
        : {
            // Old tasks keep draining while new ones start. Desired count left unset: the scaling
            // owns it, and a deployment must not reset it.
            minHealthyPercent: 100,
            maxHealthyPercent: 200,
          }),
      // A deployment that cannot start rolls back.
      circuitBreaker: { enable: true, rollback: true },
      platformVersion: ecs.FargatePlatformVersion.LATEST,
    });
    this.scaling =
      tasks === 'exactly-one'
        ? undefined
        : new BacklogScaling(this, 'Scaling', {
            service: this.service,
            queue: tasks.scaleOn,
            minTasks: tasks.bounds.minTasks,
            maxTasks: tasks.bounds.maxTasks,
            backlogPerTask: tasks.bounds.backlogPerTask,
            policyName: `rireki-${id.toLowerCase()}-backlog-per-task`,
          });
  }
}
