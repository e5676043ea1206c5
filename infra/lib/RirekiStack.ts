import { ACTION_LOG_TABLE, formatRetention, LAKE_AREAS, QUEUE_NAMES } from '@rireki/contracts';
import {
  Annotations,
  CfnOutput,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AthenaWorkgroup } from './AthenaWorkgroup.js';
import { Catalog } from './Catalog.js';
import type { RirekiConfig } from './config.js';
import {
  ATHENA_RESULTS_AREA,
  DRAIN_MARGIN_S,
  WORKER_ENV_KEYS as KEYS,
  PLACEHOLDER_IMAGE_URI,
  STOP_TIMEOUT_S,
  WORKER_COMMANDS,
} from './constants.js';
import { Lake } from './Lake.js';
import { type LakeRetention, lakeExpirations } from './retention.js';
import { WorkerAlarms } from './WorkerAlarms.js';
import { WorkerService } from './WorkerService.js';
import { WorkQueue } from './WorkQueue.js';
import { workerImage } from './workerImage.js';
import {
  grantDigestWriter,
  grantIngestWorker,
  grantMaintenanceWorker,
  grantQueryWorker,
  replyQueueArn,
  verifierPolicy,
} from './workerPermissions.js';

export interface RirekiStackProps extends StackProps {
  readonly config: RirekiConfig;
}

/** The visibility timeout the ingest worker asks for on receive (RIREKI_VISIBILITY_TIMEOUT_S) and the queue's. */
const VISIBILITY_TIMEOUT = Duration.seconds(60);

/** rireki in AWS mode: queues, lake, catalog, Athena workgroup and the three workers on Fargate. */
export class RirekiStack extends Stack {
  readonly ingestQueue: WorkQueue;
  readonly searchQueue: WorkQueue;
  readonly lake: Lake;
  readonly catalog: Catalog;
  readonly workgroup: AthenaWorkgroup;
  readonly cluster: ecs.Cluster;
  readonly ingest: WorkerService;
  readonly query: WorkerService;
  readonly maintenance: WorkerService;
  readonly searchAccess: secretsmanager.ISecret;
  /** Signs the digest chains: the workers may only Sign, verifiers only GetPublicKey. */
  readonly digestKey: kms.Key;

  constructor(scope: Construct, id: string, props: RirekiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retention: LakeRetention = {
      days: config.retention,
      quarantineDays: config.quarantineRetentionDays,
      resultsDays: config.resultsRetentionDays,
    };

    const alarmActions =
      config.alarmTopicArn === undefined
        ? []
        : [new cloudwatchActions.SnsAction(sns.Topic.fromTopicArn(this, 'AlarmTopic', config.alarmTopicArn))];
    this.ingestQueue = new WorkQueue(this, 'IngestQueue', {
      queueName: QUEUE_NAMES.ingest,
      dlqName: QUEUE_NAMES.ingestDlq,
      visibilityTimeout: VISIBILITY_TIMEOUT,
      // Events wait out a long lake outage rather than be lost.
      retentionPeriod: Duration.days(14),
      maxAge: Duration.seconds(config.ingestQueueAgeAlarmSeconds),
      // Events not yet in the lake survive a deleted stack.
      removalPolicy: RemovalPolicy.RETAIN,
      alarmActions,
    });
    this.searchQueue = new WorkQueue(this, 'SearchQueue', {
      queueName: QUEUE_NAMES.search,
      dlqName: QUEUE_NAMES.searchDlq,
      visibilityTimeout: VISIBILITY_TIMEOUT,
      // Nobody waits an hour for a search reply; older requests would only cost Athena scans.
      retentionPeriod: Duration.hours(1),
      maxAge: Duration.seconds(config.searchQueueAgeAlarmSeconds),
      removalPolicy: RemovalPolicy.DESTROY,
      alarmActions,
    });

    new WorkerAlarms(this, 'WorkerAlarms', { alarmActions });

    this.lake = new Lake(this, 'Lake', {
      bucketName: config.bucketName,
      prefix: config.lakePrefix,
      encryption: config.lakeEncryption,
      versioned: config.lakeVersioned,
      expirations: lakeExpirations(retention),
    });
    this.catalog = new Catalog(this, 'Catalog', {
      databaseName: config.glueDatabase,
      tableLocation: this.lake.areaUri(LAKE_AREAS.table),
    });
    this.workgroup = new AthenaWorkgroup(this, 'Athena', {
      name: config.athenaWorkgroup,
      resultLocation: this.lake.areaUri(ATHENA_RESULTS_AREA),
      bytesScannedCutoffPerQuery: config.bytesScannedCutoffPerQuery,
      encryptionKey: this.lake.key,
    });

    const vpc =
      config.vpcId === undefined
        ? this.#newVpc(config.natGateways)
        : ec2.Vpc.fromLookup(this, 'Vpc', { vpcId: config.vpcId });
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      // RunningTaskCount, the divisor of the backlog per task, is a Container Insights metric.
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const subnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const image = workerImage(this, { imageUri: config.imageUri, fromAsset: config.imageFromAsset });
    if (!config.imageFromAsset && config.imageUri === PLACEHOLDER_IMAGE_URI) {
      Annotations.of(this).addWarningV2(
        'rireki:placeholderImage',
        'No imageUri context: the services use a placeholder image and their tasks cannot start. Deploy with -c imageUri=<registry>/<repo>:<tag> or -c imageFromAsset=true.',
      );
    }
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    // Kept when the stack goes: without it the chains it signed cannot be verified.
    this.digestKey = new kms.Key(this, 'DigestKey', {
      description: 'rireki: signs the digest chains that account for every lake file',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const digestEnvironment = { [KEYS.digestKmsKey]: this.digestKey.keyArn };

    const lakeEnvironment: Record<string, string> = {
      [KEYS.mode]: 'aws',
      [KEYS.lake]: this.lake.uri,
      [KEYS.glueDatabase]: this.catalog.databaseName,
      [KEYS.athenaWorkgroup]: this.workgroup.name,
      ...(this.lake.key === undefined
        ? { [KEYS.s3Sse]: 'AES256' }
        : { [KEYS.s3Sse]: 'aws:kms', [KEYS.s3KmsKeyId]: this.lake.key.keyArn }),
      AWS_REGION: this.region,
    };

    this.ingest = new WorkerService(this, 'Ingest', {
      cluster: this.cluster,
      subnets,
      image,
      command: WORKER_COMMANDS.ingest,
      environment: {
        ...lakeEnvironment,
        [KEYS.ingestQueue]: this.ingestQueue.queue.queueUrl,
        [KEYS.catalog]: 'glue',
        [KEYS.visibilityTimeoutS]: String(VISIBILITY_TIMEOUT.toSeconds()),
        // Finish the drain before ECS's SIGKILL at stopTimeout.
        [KEYS.drainTimeoutMs]: String((STOP_TIMEOUT_S - DRAIN_MARGIN_S) * 1000),
        ...digestEnvironment,
      },
      size: config.ingest,
      tasks: { scaleOn: this.ingestQueue.queue, bounds: config.ingest },
      logRetention,
    });
    grantIngestWorker(this.ingest.taskRole, {
      queue: this.ingestQueue.queue,
      lake: this.lake,
      catalog: this.catalog,
    });

    this.searchAccess =
      config.searchAccessSecretArn === undefined
        ? new secretsmanager.Secret(this, 'SearchAccess', {
            description: `rireki search access: {"grants":"<${KEYS.searchGrants} JSON>","keys":"<${KEYS.requesterKeys} JSON>"}`,
            // Starts granting nobody: every search is FORBIDDEN until an operator sets the value.
            secretObjectValue: {
              grants: SecretValue.unsafePlainText('{}'),
              keys: SecretValue.unsafePlainText('{}'),
            },
          })
        : secretsmanager.Secret.fromSecretCompleteArn(this, 'SearchAccess', config.searchAccessSecretArn);
    this.query = new WorkerService(this, 'Query', {
      cluster: this.cluster,
      subnets,
      image,
      command: WORKER_COMMANDS.query,
      environment: {
        ...lakeEnvironment,
        [KEYS.searchQueue]: this.searchQueue.queue.queueUrl,
        [KEYS.engine]: 'athena',
        [KEYS.searchAccess]: 'signed',
        [KEYS.replyQueues]: `https://sqs.${this.region}.${this.urlSuffix}/${this.account}/${config.replyQueuePattern}`,
      },
      secrets: {
        [KEYS.searchGrants]: ecs.Secret.fromSecretsManager(this.searchAccess, 'grants'),
        [KEYS.requesterKeys]: ecs.Secret.fromSecretsManager(this.searchAccess, 'keys'),
      },
      size: config.query,
      tasks: { scaleOn: this.searchQueue.queue, bounds: config.query },
      logRetention,
    });
    grantQueryWorker(this.query.taskRole, {
      queue: this.searchQueue.queue,
      replyQueueArn: replyQueueArn(this, config.replyQueuePattern),
      lake: this.lake,
      catalog: this.catalog,
      workgroup: this.workgroup,
    });

    // Exactly one task, never scaled: passes must not overlap. Two at once would rewrite the same
    // partition side by side, and a compaction racing a retirement would leave files of the retired
    // partition behind.
    this.maintenance = new WorkerService(this, 'Maintenance', {
      cluster: this.cluster,
      subnets,
      image,
      command: WORKER_COMMANDS.maintenance,
      environment: {
        ...lakeEnvironment,
        [KEYS.catalog]: 'glue',
        // The same settings the lifecycle rules are derived from (lakeExpirations).
        [KEYS.retention]: formatRetention(retention.days),
        [KEYS.quarantineRetentionDays]: String(retention.quarantineDays),
        [KEYS.resultsRetentionDays]: String(retention.resultsDays),
        // Half the task's memory for DuckDB's sort; beyond it the sort spills to the task's disk.
        [KEYS.rewriteMemoryLimit]: `${Math.floor(config.maintenance.memoryMiB / 2)}MiB`,
        ...digestEnvironment,
      },
      size: config.maintenance,
      tasks: 'exactly-one',
      logRetention,
    });
    grantMaintenanceWorker(this.maintenance.taskRole, { lake: this.lake, catalog: this.catalog });
    for (const writer of [this.ingest, this.maintenance])
      grantDigestWriter(writer.taskRole, { lake: this.lake, digestKey: this.digestKey });
    const verifier = verifierPolicy(this, { lake: this.lake, digestKey: this.digestKey });

    const output = (id: string, value: string, description: string): CfnOutput =>
      new CfnOutput(this, id, { value, description });
    output('IngestQueueUrl', this.ingestQueue.queue.queueUrl, 'where apps send action logs');
    output('IngestDlqUrl', this.ingestQueue.dlq.queueUrl, 'ingest messages that failed repeatedly');
    output('SearchQueueUrl', this.searchQueue.queue.queueUrl, 'where requesters send searches');
    output('SearchDlqUrl', this.searchQueue.dlq.queueUrl, 'search requests that failed repeatedly');
    output('LakeBucketName', this.lake.bucket.bucketName, 'the lake bucket');
    output('LakeUri', this.lake.uri, `${KEYS.lake} of the workers`);
    output('GlueDatabase', this.catalog.databaseName, `database of the ${ACTION_LOG_TABLE} table`);
    output('AthenaWorkgroup', this.workgroup.name, 'workgroup the searches run in');
    output('SearchAccessSecretArn', this.searchAccess.secretArn, 'requester grants and keys');
    output('ClusterName', this.cluster.clusterName, 'ECS cluster of the workers');
    output('DigestKeyArn', this.digestKey.keyArn, `${KEYS.digestKmsKey} of the workers and of rireki verify`);
    output('VerifierPolicyArn', verifier.managedPolicyArn, 'attach to whoever runs rireki verify');
  }

  #newVpc(natGateways: number): ec2.Vpc {
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'workers', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
    });
    // Lake traffic stays off the NAT gateway (no data-processing charge).
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    return vpc;
  }
}
