import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesize } from './synthesize.js';

type Rule = {
  Id: string;
  Prefix?: string;
  ExpirationInDays?: number;
  AbortIncompleteMultipartUpload?: unknown;
};

function lifecycleRules(context: Record<string, unknown> = {}): Rule[] {
  const buckets = Object.values(synthesize(context).template.findResources('AWS::S3::Bucket'));
  expect(buckets).toHaveLength(1);
  return buckets[0]?.Properties.LifecycleConfiguration.Rules as Rule[];
}

describe('lake bucket', () => {
  const { template } = synthesize();

  it('blocks all public access and encrypts with S3-managed keys by default', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: Match.absent(),
    });
  });

  it('denies every request not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('expires results/ and athena-results/ after a day and aborts incomplete uploads', () => {
    const rules = lifecycleRules();

    expect(rules).toContainEqual(expect.objectContaining({ Prefix: 'rireki/results/', ExpirationInDays: 1 }));
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'rireki/athena-results/', ExpirationInDays: 1 }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    );
    // Table files and quarantine are kept unless a retention is given.
    expect(
      rules.filter((rule) => rule.Prefix?.includes('action_logs') || rule.Prefix?.includes('quarantine')),
    ).toEqual([]);
  });

  it('expires action_logs/ and quarantine/ after the given retention, under the given prefix', () => {
    const rules = lifecycleRules({
      lakePrefix: 'lake/v1',
      actionLogsRetentionDays: '400',
      quarantineRetentionDays: 30,
    });

    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'lake/v1/action_logs/', ExpirationInDays: 400 }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'lake/v1/quarantine/', ExpirationInDays: 30 }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'lake/v1/results/', ExpirationInDays: 1 }),
    );
  });

  it('uses a rotating customer-managed KMS key and versioning when asked', () => {
    const kms = synthesize({ lakeEncryption: 'kms', lakeVersioned: true }).template;

    kms.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    kms.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('is retained when the stack is deleted', () => {
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
