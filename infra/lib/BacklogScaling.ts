import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface BacklogScalingProps {
  readonly service: ecs.BaseService;
  readonly queue: sqs.IQueue;
  readonly minTasks: number;
  readonly maxTasks: number;
  /** The value target tracking holds the backlog per task at. */
  readonly backlogPerTask: number;
  /** Unique per scalable target; named for the operator who reads the scaling activity. */
  readonly policyName: string;
}

/**
 * Backlog per task of a worker service, the metric its scaling tracks:
 *
 *   backlogPerTask = ApproximateNumberOfMessagesVisible(queue) / RunningTaskCount(service)
 *
 * both as 1-minute values (SQS Sum, Container Insights Average). Choose the target as the messages
 * one task clears within the delay you accept: target = acceptable delay (s) / seconds per message.
 */
export function backlogPerTaskMetric(queue: sqs.IQueue, service: ecs.BaseService): cloudwatch.MathExpression {
  const period = Duration.minutes(1);
  return new cloudwatch.MathExpression({
    expression: 'visible / tasks',
    label: 'visible messages per running task',
    period,
    usingMetrics: {
      visible: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Sum', period }),
      // RunningTaskCount exists only in Container Insights (enabled on the cluster), not in AWS/ECS.
      tasks: new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        dimensionsMap: { ClusterName: service.cluster.clusterName, ServiceName: service.serviceName },
        statistic: 'Average',
        period,
      }),
    },
  });
}

/**
 * Target tracking on {@link backlogPerTaskMetric}: ECS adds tasks while the backlog per task is over
 * the target and removes them, slowly, while it is under. A removed task gets SIGTERM and drains.
 * CDK's TargetTrackingScalingPolicy takes plain metrics only, so the metric-math form is the L1
 * policy (Application Auto Scaling supports math in CustomizedMetricSpecification.Metrics).
 */
export class BacklogScaling extends Construct {
  readonly target: appscaling.ScalableTarget;
  readonly policy: appscaling.CfnScalingPolicy;
  readonly metric: cloudwatch.MathExpression;

  constructor(scope: Construct, id: string, props: BacklogScalingProps) {
    super(scope, id);
    this.metric = backlogPerTaskMetric(props.queue, props.service);
    this.target = new appscaling.ScalableTarget(this, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.ECS,
      resourceId: `service/${props.service.cluster.clusterName}/${props.service.serviceName}`,
      scalableDimension: 'ecs:service:DesiredCount',
      // The service-linked role ECS's own autoScaleTaskCount uses, rather than a new role.
      role: iam.Role.fromRoleArn(
        this,
        'ServiceLinkedRole',
        Stack.of(this).formatArn({
          region: '',
          service: 'iam',
          resource: 'role/aws-service-role/ecs.application-autoscaling.amazonaws.com',
          resourceName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
        }),
      ),
      minCapacity: props.minTasks,
      maxCapacity: props.maxTasks,
    });
    this.policy = new appscaling.CfnScalingPolicy(this, 'BacklogPerTask', {
      policyName: props.policyName,
      policyType: 'TargetTrackingScaling',
      scalingTargetId: this.target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.backlogPerTask,
        scaleOutCooldown: 60,
        // Scaling in stops a task, which drains for up to two minutes: do it slowly.
        scaleInCooldown: 300,
        customizedMetricSpecification: { metrics: renderMetricMath(this.metric) },
      },
    });
  }
}

/** The MathExpression as Application Auto Scaling's metric data queries. */
function renderMetricMath(
  expression: cloudwatch.MathExpression,
): appscaling.CfnScalingPolicy.TargetTrackingMetricDataQueryProperty[] {
  const math = expression.toMetricConfig().mathExpression;
  if (math === undefined) throw new Error('backlog per task must be a math expression');
  const inputs = Object.entries(math.usingMetrics).map(([id, metric]) => {
    const stat = metric.toMetricConfig().metricStat;
    if (stat === undefined)
      throw new Error(`metric "${id}" of the backlog expression must be a plain metric`);
    return {
      id,
      returnData: false,
      metricStat: {
        stat: stat.statistic,
        metric: {
          namespace: stat.namespace,
          metricName: stat.metricName,
          dimensions: (stat.dimensions ?? []).map((d) => ({ name: d.name, value: String(d.value) })),
        },
      },
    };
  });
  return [
    ...inputs,
    {
      id: 'backlogPerTask',
      expression: math.expression,
      label: expression.label ?? 'backlog per task',
      returnData: true,
    },
  ];
}
