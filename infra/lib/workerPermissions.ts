import { DIGEST_PATHS, LAKE_AREAS, REPLACEMENTS_ROOT } from '@rireki/contracts';
import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { AthenaWorkgroup } from './AthenaWorkgroup.js';
import type { Catalog } from './Catalog.js';
import { ATHENA_RESULTS_AREA } from './constants.js';
import type { Lake, LakeArea } from './Lake.js';

// Written out rather than taken from the CDK's grant* helpers, which grant whole buckets and
// extra actions; each statement here names the areas of the lake it covers.

/** Single PUTs and multipart uploads (CreateMultipartUpload, UploadPart, Complete all need PutObject). */
const WRITE_OBJECT_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];

function lakeObjects(lake: Lake, areas: readonly LakeArea[]): string[] {
  return areas.map((area) => lake.areaObjectsArn(area));
}

/**
 * The part of `_maintenance/` the maintenance worker reads and writes: the replacement records
 * (contracts' replacementKey). The erasure audits beside them are written by `rireki erase`, which
 * runs with an operator's credentials, not in the service.
 */
export const REPLACEMENT_RECORDS_FOLDER = `${LAKE_AREAS.maintenance}/replaced`;

/**
 * The ingest worker: consume the ingest queue, write table files and quarantined input, register
 * partitions. It cannot read anything in the lake, in particular not `results/`.
 */
export function grantIngestWorker(
  role: iam.IRole,
  deps: { queue: sqs.IQueue; lake: Lake; catalog: Catalog },
): void {
  deps.queue.grantConsumeMessages(role);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteTableFilesAndQuarantine',
      actions: WRITE_OBJECT_ACTIONS,
      resources: lakeObjects(deps.lake, [LAKE_AREAS.table, LAKE_AREAS.quarantine]),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'RegisterPartitions',
      // GetTable: a new partition copies the table's storage descriptor (formats, SerDe).
      actions: ['glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchCreatePartition'],
      resources: deps.catalog.tableResourceArns(),
    }),
  );
  deps.lake.key?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
}

/**
 * The query worker: consume the search queue, reply to the allowed reply queues, run Athena in its
 * workgroup over the Glue table, read the replacement records of rewrites, write large replies to
 * `results/`. It cannot write table files or the quarantine.
 */
export function grantQueryWorker(
  role: iam.IRole,
  deps: {
    queue: sqs.IQueue;
    replyQueueArn: string;
    lake: Lake;
    catalog: Catalog;
    workgroup: AthenaWorkgroup;
  },
): void {
  const { lake } = deps;
  deps.queue.grantConsumeMessages(role);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'SendReplies',
      actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'],
      resources: [deps.replyQueueArn],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'RunSearchesInWorkgroup',
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      resources: [deps.workgroup.arn],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadTableDefinition',
      actions: [
        'glue:GetDatabase',
        'glue:GetTable',
        'glue:GetPartition',
        'glue:GetPartitions',
        'glue:BatchGetPartition',
      ],
      resources: deps.catalog.tableResourceArns(),
    }),
  );
  // Athena reads the table and writes its results with the caller's permissions.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'LocateAndListLake',
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [lake.bucket.bucketArn],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadLake',
      actions: ['s3:GetObject'],
      resources: [
        ...lakeObjects(lake, [LAKE_AREAS.table, LAKE_AREAS.results, ATHENA_RESULTS_AREA]),
        // The replacement records, which name the files searches leave out; not the rest of
        // `_maintenance/` (the erasure records name the users erased).
        lake.bucket.arnForObjects(`${lake.prefix}/${REPLACEMENTS_ROOT}/*`),
      ],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteResults',
      actions: [...WRITE_OBJECT_ACTIONS, 's3:ListMultipartUploadParts'],
      resources: lakeObjects(lake, [LAKE_AREAS.results, ATHENA_RESULTS_AREA]),
    }),
  );
  lake.key?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
}

/**
 * The maintenance worker: list, read and rewrite the table files and its replacement records,
 * delete what a rewrite or retention replaced and what the quarantine and results areas expire,
 * list and remove the Glue table's partitions. No queue, no Athena, nothing in `athena-results/`,
 * and no glue:BatchCreatePartition: it never registers a partition (compacted files go into one
 * that is registered already). It reads the quarantine files it expires, to name them by hash in
 * the digest chain. The calls, by adapter: S3ObjectStore `list` (ListObjectsV2: the
 * bucket's s3:ListBucket, here only under the four folders), `get` (GetObject), `put` (PutObject, or
 * a multipart upload of 16 MiB and more, aborted on failure), `delete` (DeleteObject);
 * GluePartitionCatalog `list` (GetPartitions) and `remove` (BatchDeletePartition).
 */
export function grantMaintenanceWorker(role: iam.IRole, deps: { lake: Lake; catalog: Catalog }): void {
  const { lake } = deps;
  const objects = (folders: readonly string[]) =>
    folders.map((folder) => lake.bucket.arnForObjects(`${lake.prefix}/${folder}/*`));
  const rewritten = [LAKE_AREAS.table, REPLACEMENT_RECORDS_FOLDER];
  const deleted = [...rewritten, LAKE_AREAS.quarantine, LAKE_AREAS.results];
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListWhatItMaintains',
      actions: ['s3:ListBucket'],
      resources: [lake.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': deleted.map((folder) => `${lake.prefix}/${folder}/*`) } },
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadTableFilesAndRecords',
      actions: ['s3:GetObject'],
      resources: objects(rewritten),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      // The digest chain names each expired quarantine file by its hash, read before the delete.
      sid: 'HashExpiringQuarantine',
      actions: ['s3:GetObject'],
      resources: objects([LAKE_AREAS.quarantine]),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteRewrittenFilesAndRecords',
      actions: WRITE_OBJECT_ACTIONS,
      resources: objects(rewritten),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'DeleteReplacedAndExpired',
      actions: ['s3:DeleteObject'],
      resources: objects(deleted),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListAndRetirePartitions',
      actions: ['glue:GetPartitions', 'glue:BatchDeletePartition'],
      resources: deps.catalog.tableResourceArns(),
    }),
  );
  lake.key?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
}

/** `arn:<partition>:sqs:<region>:<account>:<pattern>`: the reply queues in the stack's account and region. */
export function replyQueueArn(stack: Stack, pattern: string): string {
  return stack.formatArn({ service: 'sqs', resource: pattern });
}

/**
 * A writer of digest chains (the ingest and maintenance workers): store its pending records and
 * digests, delete its pending records once sealed, list and read the chains (each digest witnesses
 * the newest digests of the other chains), and sign with the digest key, nothing more. It cannot
 * fetch the public key or read pending records: it adopts no other writer's records.
 */
export function grantDigestWriter(role: iam.IRole, deps: { lake: Lake; digestKey: kms.IKey }): void {
  const { lake } = deps;
  const chains = `${lake.prefix}/${DIGEST_PATHS.chains}`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListDigestChains',
      actions: ['s3:ListBucket'],
      resources: [lake.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${chains}/*`] } },
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WitnessDigestChains',
      actions: ['s3:GetObject'],
      resources: [lake.bucket.arnForObjects(`${chains}/*`)],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteDigests',
      actions: WRITE_OBJECT_ACTIONS,
      resources: [lake.areaObjectsArn(LAKE_AREAS.digests)],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'DeleteSealedPendingRecords',
      actions: ['s3:DeleteObject'],
      resources: [lake.bucket.arnForObjects(`${lake.prefix}/${DIGEST_PATHS.pending}/*`)],
    }),
  );
  deps.digestKey.grant(role, 'kms:Sign');
}

/**
 * What `rireki verify` needs, as a managed policy for the operators who run it: list and read the
 * table, quarantine and digest areas and the replacement records, and fetch the digest key's
 * public key. It can change nothing.
 */
export function verifierPolicy(
  scope: Construct,
  deps: { lake: Lake; digestKey: kms.IKey },
): iam.ManagedPolicy {
  const { lake } = deps;
  const folders = [LAKE_AREAS.table, LAKE_AREAS.quarantine, LAKE_AREAS.digests, REPLACEMENT_RECORDS_FOLDER];
  const policy = new iam.ManagedPolicy(scope, 'VerifierPolicy', {
    description:
      'rireki verify: read the lake areas the digest chains account for, and the digest public key',
    statements: [
      new iam.PolicyStatement({
        sid: 'ListAccountedAreas',
        actions: ['s3:ListBucket'],
        resources: [lake.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': folders.map((folder) => `${lake.prefix}/${folder}/*`) } },
      }),
      new iam.PolicyStatement({
        sid: 'ReadAccountedAreas',
        actions: ['s3:GetObject'],
        resources: folders.map((folder) => lake.bucket.arnForObjects(`${lake.prefix}/${folder}/*`)),
      }),
      new iam.PolicyStatement({
        sid: 'ReadDigestPublicKey',
        actions: ['kms:GetPublicKey'],
        resources: [deps.digestKey.keyArn],
      }),
    ],
  });
  if (lake.key)
    policy.addStatements(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [lake.key.keyArn] }));
  return policy;
}
