import { describe, expect, it } from 'vitest';
import {
  allowedResources,
  cfnText,
  logicalId,
  roleStatements,
  type Statement,
  synthesize,
} from './synthesize.js';

const { template } = synthesize();
const bucket = logicalId(template, 'AWS::S3::Bucket', 'LakeBucket');
const lakeObjects = `<${bucket}.Arn>/rireki`;
const digestKey = logicalId(template, 'AWS::KMS::Key', 'DigestKey');
const role = (name: string) =>
  roleStatements(template, logicalId(template, 'AWS::IAM::Role', `${name}TaskRole`));

function environment(prefix: string): Record<string, string> {
  const id = logicalId(template, 'AWS::ECS::TaskDefinition', `${prefix}Task`);
  const definitions: Array<{ Essential: boolean; Environment: Array<{ Name: string; Value: unknown }> }> =
    template.findResources('AWS::ECS::TaskDefinition')[id]?.Properties.ContainerDefinitions;
  const worker = definitions.find((definition) => definition.Essential);
  return Object.fromEntries((worker?.Environment ?? []).map((v) => [v.Name, cfnText(v.Value)]));
}

describe('digest key', () => {
  it('is an ECC P-256 signing key, kept when the stack is deleted', () => {
    const key = template.findResources('AWS::KMS::Key')[digestKey];

    expect(key?.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(key?.DeletionPolicy).toBe('Retain');
  });

  it('is what the ingest and maintenance workers sign with, and all they may do with it', () => {
    for (const name of ['Ingest', 'Maintenance']) {
      const statements = role(name);
      expect(environment(name).RIREKI_DIGEST_KMS_KEY, name).toBe(`<${digestKey}.Arn>`);
      expect(allowedResources(statements, 'kms:Sign'), name).toEqual([`<${digestKey}.Arn>`]);
      for (const action of ['kms:GetPublicKey', 'kms:Verify', 'kms:ScheduleKeyDeletion', 'kms:Decrypt'])
        expect(
          allowedResources(statements, action).filter((r) => r.includes(digestKey)),
          `${name} ${action}`,
        ).toEqual([]);
    }
    expect(allowedResources(role('Query'), 'kms:Sign')).toEqual([]);
    expect(environment('Query').RIREKI_DIGEST_KMS_KEY).toBeUndefined();
  });

  it('lets the writers store digests, delete only pending records, and read only the chains', () => {
    for (const name of ['Ingest', 'Maintenance']) {
      const statements = role(name);
      expect(allowedResources(statements, 's3:PutObject'), name).toContain(`${lakeObjects}/digests/*`);
      expect(
        allowedResources(statements, 's3:DeleteObject').filter((r) => r.includes('/digests/')),
        name,
      ).toEqual([`${lakeObjects}/digests/pending/*`]);
      // Each digest witnesses the newest digests of the other chains; pending records stay unread.
      expect(
        allowedResources(statements, 's3:GetObject').filter((r) => r.includes('/digests/')),
        name,
      ).toEqual([`${lakeObjects}/digests/chains/*`]);
      const listing = statements.filter((s) => s.sid === 'ListDigestChains');
      expect(listing.map((s) => s.conditions)).toEqual([
        { StringLike: { 's3:prefix': ['rireki/digests/chains/*'] } },
      ]);
    }
  });
});

describe('verifier policy', () => {
  const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) =>
    String(p.Properties.Description).startsWith('rireki verify'),
  );
  const statements: Statement[] = (policy?.Properties.PolicyDocument.Statement ?? []).map(
    (s: Record<string, unknown>) => ({
      effect: String(s.Effect),
      actions: [s.Action].flat().map(String),
      resources: [s.Resource].flat().map(cfnText),
      sid: s.Sid === undefined ? undefined : String(s.Sid),
      conditions: s.Condition,
    }),
  );

  it('reads the accounted areas and the public key, and can change nothing', () => {
    expect(allowedResources(statements, 's3:GetObject').sort()).toEqual(
      ['_maintenance/replaced', 'action_logs', 'digests', 'quarantine'].map((f) => `${lakeObjects}/${f}/*`),
    );
    expect(allowedResources(statements, 'kms:GetPublicKey')).toEqual([`<${digestKey}.Arn>`]);
    for (const action of ['s3:PutObject', 's3:DeleteObject', 'kms:Sign'])
      expect(allowedResources(statements, action), action).toEqual([]);
  });

  it('is an output, with the key, for whoever runs rireki verify', () => {
    const outputs = template.findOutputs('*');
    expect(cfnText(outputs.DigestKeyArn?.Value)).toBe(`<${digestKey}.Arn>`);
    expect(outputs.VerifierPolicyArn).toBeDefined();
  });
});
