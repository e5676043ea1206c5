import { QUEUE_NAMES } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import {
  actionCovers,
  logicalId,
  queueLogicalId,
  roleStatements,
  type Statement,
  synthesize,
} from './synthesize.js';

const { template } = synthesize();
const bucket = logicalId(template, 'AWS::S3::Bucket', 'LakeBucket');
const lakeObjects = `<${bucket}.Arn>/rireki`;
const ingest = roleStatements(template, logicalId(template, 'AWS::IAM::Role', 'IngestTaskRole'));
const query = roleStatements(template, logicalId(template, 'AWS::IAM::Role', 'QueryTaskRole'));

/** Resources an allowing statement grants an action on. */
function allowedResources(statements: readonly Statement[], action: string): string[] {
  return statements
    .filter((s) => s.effect === 'Allow' && s.actions.some((pattern) => actionCovers(pattern, action)))
    .flatMap((s) => s.resources);
}

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

  it('writes only under action_logs/ and quarantine/, single and multipart', () => {
    expect(allowedResources(ingest, 's3:PutObject').sort()).toEqual([
      `${lakeObjects}/action_logs/*`,
      `${lakeObjects}/quarantine/*`,
    ]);
    expect(allowedResources(ingest, 's3:AbortMultipartUpload').sort()).toEqual([
      `${lakeObjects}/action_logs/*`,
      `${lakeObjects}/quarantine/*`,
    ]);
  });

  it('has no s3:GetObject on results/* (nor anywhere else)', () => {
    const readable = allowedResources(ingest, 's3:GetObject');

    expect(readable.filter((resource) => reachesArea(resource, 'results'))).toEqual([]);
    expect(readable).toEqual([]);
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

describe('kms lake', () => {
  it('lets both roles use the lake key, and nothing more', () => {
    const kms = synthesize({ lakeEncryption: 'kms' }).template;
    const key = logicalId(kms, 'AWS::KMS::Key', 'LakeKey');

    for (const role of ['IngestTaskRole', 'QueryTaskRole']) {
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
    const secret = logicalId(template, 'AWS::SecretsManager::Secret', 'SearchAccess');

    for (const statements of [queryExec, ingestExec]) {
      expect(allowedResources(statements, 'ecr:BatchGetImage')).toEqual([
        'arn:aws:ecr:eu-west-1:123456789012:repository/rireki',
      ]);
    }
    expect(allowedResources(queryExec, 'secretsmanager:GetSecretValue')).toEqual([`<${secret}>`]);
    expect(allowedResources(ingestExec, 'secretsmanager:GetSecretValue')).toEqual([]);
  });
});
