import {
  QUEUE_NAMES,
  quarantineFileKey,
  replacementKey,
  rewrittenFileKey,
  tableFileKey,
} from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import {
  actionCovers,
  allowedResources,
  logicalId,
  queueLogicalId,
  resourceCovers,
  roleStatements,
  synthesize,
} from './synthesize.js';

const { template } = synthesize();
const bucket = logicalId(template, 'AWS::S3::Bucket', 'LakeBucket');
const lakeObjects = `<${bucket}.Arn>/rireki`;
const ingest = roleStatements(template, logicalId(template, 'AWS::IAM::Role', 'IngestTaskRole'));
const query = roleStatements(template, logicalId(template, 'AWS::IAM::Role', 'QueryTaskRole'));
const maintenance = roleStatements(template, logicalId(template, 'AWS::IAM::Role', 'MaintenanceTaskRole'));
const glueArn = (resource: string) => `arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:${resource}`;

/** Whether an IAM resource pattern could match an object key under a lake area (or the whole bucket). */
function reachesArea(resource: string, area: string): boolean {
  return (
    resource === '*' || resource === `<${bucket}.Arn>/*` || resource.startsWith(`${lakeObjects}/${area}/`)
  );
}

describe('ingest task role', () => {
  it('may consume only the ingest queue', () => {
    const ingestQueue = queueLogicalId(template, QUEUE_NAMES.ingest);
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) {
      expect(allowedResources(ingest, action)).toEqual([`<${ingestQueue}.Arn>`]);
    }
    expect(allowedResources(ingest, 'sqs:SendMessage')).toEqual([]);
  });

  it('writes only under action_logs/, quarantine/ and digests/, single and multipart', () => {
    expect(allowedResources(ingest, 's3:PutObject').sort()).toEqual([
      `${lakeObjects}/action_logs/*`,
      `${lakeObjects}/digests/*`,
      `${lakeObjects}/quarantine/*`,
    ]);
    expect(allowedResources(ingest, 's3:AbortMultipartUpload').sort()).toEqual([
      `${lakeObjects}/action_logs/*`,
      `${lakeObjects}/digests/*`,
      `${lakeObjects}/quarantine/*`,
    ]);
  });

  it('has no s3:GetObject on results/* (nor anywhere but the digest chains it witnesses)', () => {
    const readable = allowedResources(ingest, 's3:GetObject');

    expect(readable.filter((resource) => reachesArea(resource, 'results'))).toEqual([]);
    expect(readable).toEqual([`${lakeObjects}/digests/chains/*`]);
  });

  it('registers partitions on the Glue table', () => {
    const glue = allowedResources(ingest, 'glue:BatchCreatePartition');

    expect(glue).toContain(
      'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/rireki/action_logs',
    );
    for (const action of ['glue:GetPartition', 'glue:GetPartitions']) {
      expect(allowedResources(ingest, action)).toEqual(glue);
    }
    expect(allowedResources(ingest, 'glue:DeleteTable')).toEqual([]);
  });

  it('cannot run Athena or send replies', () => {
    expect(allowedResources(ingest, 'athena:StartQueryExecution')).toEqual([]);
    expect(ingest.flatMap((s) => s.actions).filter((a) => a.endsWith('*') && !a.startsWith('sqs:'))).toEqual(
      [],
    );
  });
});

describe('query task role', () => {
  it('has no s3:PutObject on action_logs/* (nor quarantine/*)', () => {
    const writable = allowedResources(query, 's3:PutObject');

    expect(writable.filter((resource) => reachesArea(resource, 'action_logs'))).toEqual([]);
    expect(writable.filter((resource) => reachesArea(resource, 'quarantine'))).toEqual([]);
    expect(writable.sort()).toEqual([`${lakeObjects}/athena-results/*`, `${lakeObjects}/results/*`]);
  });

  it('reads the table files, the replacement records (not the rest of _maintenance/) and its own results', () => {
    expect(allowedResources(query, 's3:GetObject').sort()).toEqual([
      `${lakeObjects}/_maintenance/replaced/*`,
      `${lakeObjects}/action_logs/*`,
      `${lakeObjects}/athena-results/*`,
      `${lakeObjects}/results/*`,
    ]);
    expect(allowedResources(query, 's3:ListBucket')).toEqual([`<${bucket}.Arn>`]);
  });

  it('consumes the search queue and sends only to reply queues matching the pattern', () => {
    const searchQueue = queueLogicalId(template, QUEUE_NAMES.search);

    expect(allowedResources(query, 'sqs:ReceiveMessage')).toEqual([`<${searchQueue}.Arn>`]);
    expect(allowedResources(query, 'sqs:DeleteMessage')).toEqual([`<${searchQueue}.Arn>`]);
    expect(allowedResources(query, 'sqs:SendMessage')).toEqual([
      'arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:rireki-reply-*',
    ]);
  });

  it('runs Athena only in its workgroup and reads the Glue table', () => {
    expect(allowedResources(query, 'athena:StartQueryExecution')).toEqual([
      'arn:<AWS::Partition>:athena:<AWS::Region>:<AWS::AccountId>:workgroup/rireki',
    ]);
    expect(allowedResources(query, 'glue:GetTable')).toContain(
      'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/rireki/action_logs',
    );
    expect(allowedResources(query, 'glue:BatchCreatePartition')).toEqual([]);
  });
});

describe('maintenance task role', () => {
  const partition = { app: 'shop', dt: '2026-11-24' };
  const now = Date.parse('2026-11-24T09:30:00Z');
  /** Whether the role may do `action` on a lake key (relative to the lake prefix). */
  const may = (action: string, key: string) =>
    allowedResources(maintenance, action).some((resource) =>
      resourceCovers(resource, `${lakeObjects}/${key}`),
    );

  it('has exactly the statements the worker’s S3 and Glue calls need', () => {
    const normalized = maintenance.map((s) => ({ ...s, actions: [...s.actions].sort() }));
    const objects = (...folders: string[]) => folders.map((folder) => `${lakeObjects}/${folder}/*`);

    expect(normalized).toEqual([
      {
        sid: 'ListWhatItMaintains',
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: [`<${bucket}.Arn>`],
        conditions: {
          StringLike: {
            's3:prefix': [
              'rireki/action_logs/*',
              'rireki/_maintenance/replaced/*',
              'rireki/quarantine/*',
              'rireki/results/*',
            ],
          },
        },
      },
      {
        sid: 'ReadTableFilesAndRecords',
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: objects('_maintenance/replaced', 'action_logs'),
        conditions: undefined,
      },
      {
        sid: 'HashExpiringQuarantine',
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: objects('quarantine'),
        conditions: undefined,
      },
      {
        sid: 'WriteRewrittenFilesAndRecords',
        effect: 'Allow',
        actions: ['s3:AbortMultipartUpload', 's3:PutObject'],
        resources: objects('_maintenance/replaced', 'action_logs'),
        conditions: undefined,
      },
      {
        sid: 'DeleteReplacedAndExpired',
        effect: 'Allow',
        actions: ['s3:DeleteObject'],
        resources: objects('_maintenance/replaced', 'action_logs', 'quarantine', 'results'),
        conditions: undefined,
      },
      {
        sid: 'ListAndRetirePartitions',
        effect: 'Allow',
        actions: ['glue:BatchDeletePartition', 'glue:GetPartitions'],
        resources: [glueArn('catalog'), glueArn('database/rireki'), glueArn('table/rireki/action_logs')],
        conditions: undefined,
      },
      {
        sid: 'ListDigestChains',
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: [`<${bucket}.Arn>`],
        conditions: { StringLike: { 's3:prefix': ['rireki/digests/chains/*'] } },
      },
      {
        sid: 'WitnessDigestChains',
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: objects('digests/chains'),
        conditions: undefined,
      },
      {
        sid: 'WriteDigests',
        effect: 'Allow',
        actions: ['s3:AbortMultipartUpload', 's3:PutObject'],
        resources: objects('digests'),
        conditions: undefined,
      },
      {
        sid: 'DeleteSealedPendingRecords',
        effect: 'Allow',
        actions: ['s3:DeleteObject'],
        resources: objects('digests/pending'),
        conditions: undefined,
      },
      {
        sid: undefined,
        effect: 'Allow',
        actions: ['kms:Sign'],
        resources: [`<${logicalId(template, 'AWS::KMS::Key', 'DigestKey')}.Arn>`],
        conditions: undefined,
      },
    ]);
  });

  it('reads, rewrites and removes the files and records the lake key layout names', () => {
    const ingested = tableFileKey(partition, now);
    const compacted = rewrittenFileKey(partition, '20261124T093000000Z-r0123abcd', 0);
    const record = replacementKey(partition, '20261124T093000000Z-r0123abcd');
    for (const key of [ingested, compacted, record]) {
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
        expect(may(action, key), `${action} ${key}`).toBe(true);
      }
    }
    for (const key of [quarantineFileKey(now), 'results/dt=2026-11-24/reply.json']) {
      expect(may('s3:DeleteObject', key), key).toBe(true);
      expect(may('s3:PutObject', key), key).toBe(false);
    }
    // An expired quarantine file is hashed for the digest chain before it goes; a result is not.
    expect(may('s3:GetObject', quarantineFileKey(now))).toBe(true);
    expect(may('s3:GetObject', 'results/dt=2026-11-24/reply.json')).toBe(false);
  });

  it('touches nothing else: no erasure audits, Athena results, or object anywhere in the bucket', () => {
    for (const key of ['_maintenance/erasures/x.json', 'athena-results/x.csv', '_catalog/x', 'x']) {
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
        expect(may(action, key), `${action} ${key}`).toBe(false);
      }
    }
    const resources = maintenance.flatMap((s) => s.resources);
    expect(resources).not.toContain('*');
    expect(resources).not.toContain(`<${bucket}.Arn>/*`);
    expect(maintenance.flatMap((s) => s.actions).filter((action) => action.includes('*'))).toEqual([]);
  });

  it('lists the bucket only under the folders it maintains', () => {
    const listing = maintenance.filter((s) => s.actions.some((a) => actionCovers(a, 's3:ListBucket')));

    // The folders it maintains, and the digest chains it witnesses.
    expect(listing.map((s) => s.sid)).toEqual(['ListWhatItMaintains', 'ListDigestChains']);
    for (const statement of listing)
      expect(statement.conditions).toEqual({ StringLike: { 's3:prefix': expect.any(Array) } });
  });

  it('has no queue, no Athena, and never creates a partition or changes the table', () => {
    for (const action of [
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
      'sqs:DeleteMessage',
      'athena:StartQueryExecution',
      'glue:CreatePartition',
      'glue:BatchCreatePartition',
      'glue:DeletePartition',
      'glue:UpdatePartition',
      'glue:GetTable',
      'glue:DeleteTable',
      'glue:UpdateTable',
      's3:DeleteBucket',
      's3:PutBucketPolicy',
      's3:PutLifecycleConfiguration',
    ]) {
      expect(allowedResources(maintenance, action), action).toEqual([]);
    }
  });
});

describe('kms lake', () => {
  it('lets every role use the lake key, and nothing more', () => {
    const kms = synthesize({ lakeEncryption: 'kms' }).template;
    const key = logicalId(kms, 'AWS::KMS::Key', 'LakeKey');

    for (const role of ['IngestTaskRole', 'QueryTaskRole', 'MaintenanceTaskRole']) {
      const statements = roleStatements(kms, logicalId(kms, 'AWS::IAM::Role', role));
      expect(allowedResources(statements, 'kms:GenerateDataKey')).toEqual([`<${key}.Arn>`]);
      expect(allowedResources(statements, 'kms:Decrypt')).toEqual([`<${key}.Arn>`]);
      expect(allowedResources(statements, 'kms:ScheduleKeyDeletion')).toEqual([]);
    }
  });
});

describe('execution roles', () => {
  it('may pull the ECR image and read the search-access secret (query only)', () => {
    const queryExec = roleStatements(
      template,
      logicalId(template, 'AWS::IAM::Role', 'QueryTaskExecutionRole'),
    );
    const ingestExec = roleStatements(
      template,
      logicalId(template, 'AWS::IAM::Role', 'IngestTaskExecutionRole'),
    );
    const maintenanceExec = roleStatements(
      template,
      logicalId(template, 'AWS::IAM::Role', 'MaintenanceTaskExecutionRole'),
    );
    const secret = logicalId(template, 'AWS::SecretsManager::Secret', 'SearchAccess');

    for (const statements of [queryExec, ingestExec, maintenanceExec]) {
      expect(allowedResources(statements, 'ecr:BatchGetImage')).toEqual([
        'arn:aws:ecr:eu-west-1:123456789012:repository/rireki',
      ]);
    }
    expect(allowedResources(queryExec, 'secretsmanager:GetSecretValue')).toEqual([`<${secret}>`]);
    expect(allowedResources(ingestExec, 'secretsmanager:GetSecretValue')).toEqual([]);
    expect(allowedResources(maintenanceExec, 'secretsmanager:GetSecretValue')).toEqual([]);
  });
});
