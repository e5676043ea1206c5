import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AREA_MARGIN_DAYS, TABLE_MARGIN_DAYS } from '../lib/index.js';
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

  it('expires results/ and quarantine/ a margin after their default retention, athena-results/ after a day', () => {
    const rules = lifecycleRules();

    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'rireki/results/', ExpirationInDays: 1 + AREA_MARGIN_DAYS }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'rireki/quarantine/', ExpirationInDays: 30 + AREA_MARGIN_DAYS }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'rireki/athena-results/', ExpirationInDays: 1 }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    );
    // Every app is kept for ever unless a retention is given; replacement records are never expired.
    expect(rules.filter((rule) => rule.Prefix?.includes('action_logs'))).toEqual([]);
    expect(rules.filter((rule) => rule.Prefix?.includes('_maintenance'))).toEqual([]);
  });

  it('follows the configured retention: the table after the longest app’s, under the given prefix', () => {
    const rules = lifecycleRules({
      lakePrefix: 'lake/v1',
      retention: '{"shop": 400, "*": 90}',
      quarantineRetentionDays: '14',
      resultsRetentionDays: 3,
    });
    const days = (area: string) => rules.find((rule) => rule.Prefix === `lake/v1/${area}/`)?.ExpirationInDays;

    expect(days('action_logs')).toBe(400 + TABLE_MARGIN_DAYS);
    expect(days('quarantine')).toBe(14 + AREA_MARGIN_DAYS);
    expect(days('results')).toBe(3 + AREA_MARGIN_DAYS);
    expect(days('athena-results')).toBe(1);
    // One rule per area: S3 applies the shortest of overlapping expirations.
    expect(new Set(rules.map((rule) => rule.Prefix)).size).toBe(rules.length);
  });

  it('has no table rule while any app is kept for ever', () => {
    for (const retention of [{ shop: 'unlimited', '*': 90 }, { shop: 400 }]) {
      const rules = lifecycleRules({ retention });

      expect(rules.filter((rule) => rule.Prefix?.includes('action_logs'))).toEqual([]);
    }
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
