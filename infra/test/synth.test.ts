import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { createRirekiApp, PLACEHOLDER_IMAGE_URI } from '../lib/index.js';
import { CDK_JSON_CONTEXT, TEST_IMAGE_URI, tempOutdir } from './synthesize.js';

// `cdk synth` runs bin/rireki.ts, which is createRirekiApp() with the CLI's context; this is the same
// synthesis in-process, without credentials or Docker.
describe('app.synth()', () => {
  it('writes an environment-agnostic template with the outputs operators need', () => {
    const outdir = tempOutdir();
    const { app, stack } = createRirekiApp({
      context: { ...CDK_JSON_CONTEXT, imageUri: TEST_IMAGE_URI },
      outdir,
      env: {},
    });

    const started = performance.now();
    const assembly = app.synth();
    const ms = performance.now() - started;

    const artifact = assembly.getStackByName(stack.stackName);
    expect(artifact.environment).toMatchObject({ account: 'unknown-account', region: 'unknown-region' });
    const template = JSON.parse(readFileSync(join(outdir, artifact.templateFile), 'utf8'));
    expect(Object.keys(template.Outputs).sort()).toEqual(
      [
        'AthenaWorkgroup',
        'ClusterName',
        'DigestKeyArn',
        'GlueDatabase',
        'IngestDlqUrl',
        'IngestQueueUrl',
        'LakeBucketName',
        'LakeUri',
        'SearchAccessSecretArn',
        'SearchDlqUrl',
        'SearchQueueUrl',
        'VerifierPolicyArn',
      ].sort(),
    );
    expect(artifact.messages.filter((m) => m.level === 'error')).toEqual([]);
    expect(artifact.messages.filter((m) => m.level === 'warning')).toEqual([]);
    expect(ms).toBeLessThan(30_000);
  });

  it('warns, without failing, when no image is given', () => {
    const { app, stack } = createRirekiApp({ context: CDK_JSON_CONTEXT, outdir: tempOutdir(), env: {} });

    const artifact = app.synth().getStackByName(stack.stackName);

    const warnings = artifact.messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    expect(warnings).toEqual([expect.stringContaining('imageUri')]);
    expect(JSON.stringify(artifact.template)).toContain(PLACEHOLDER_IMAGE_URI);
  });

  it('targets the account and region the CDK CLI passes, and runs in an existing VPC found by id', () => {
    const vpcId = 'vpc-0123456789abcdef0';
    const subnet = (id: string, az: string, cidr: string) => ({
      subnetId: id,
      cidr,
      availabilityZone: az,
      routeTableId: `rtb-${id.slice(7)}`,
    });
    // What the CLI's VPC lookup writes to cdk.context.json (it needs credentials; the test has none).
    const lookup = {
      [`vpc-provider:account=123456789012:filter.vpc-id=${vpcId}:region=eu-west-1:returnAsymmetricSubnets=true`]:
        {
          vpcId,
          vpcCidrBlock: '10.1.0.0/16',
          ownerAccountId: '123456789012',
          availabilityZones: [],
          subnetGroups: [
            {
              name: 'Private',
              type: 'Private',
              subnets: [
                subnet('subnet-0a0000000000000a1', 'eu-west-1a', '10.1.0.0/20'),
                subnet('subnet-0b0000000000000b1', 'eu-west-1b', '10.1.16.0/20'),
              ],
            },
            {
              name: 'Public',
              type: 'Public',
              subnets: [subnet('subnet-0c0000000000000c1', 'eu-west-1a', '10.1.128.0/24')],
            },
          ],
        },
    };
    const { app, stack } = createRirekiApp({
      context: { ...CDK_JSON_CONTEXT, ...lookup, imageUri: TEST_IMAGE_URI, vpcId },
      outdir: tempOutdir(),
      env: { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' },
    });

    const assembly = app.synth();
    const artifact = assembly.getStackByName(stack.stackName);

    expect(artifact.environment).toMatchObject({ account: '123456789012', region: 'eu-west-1' });
    expect(assembly.manifest.missing ?? []).toEqual([]);
    const template = JSON.stringify(artifact.template);
    expect(template).not.toContain('"AWS::EC2::VPC"');
    type Resource = {
      Type: string;
      Properties: { NetworkConfiguration?: { AwsvpcConfiguration: { Subnets: string[] } } };
    };
    const services = Object.values(artifact.template.Resources as Record<string, Resource>)
      .filter((resource) => resource.Type === 'AWS::ECS::Service')
      .map((service) => service.Properties.NetworkConfiguration?.AwsvpcConfiguration.Subnets);
    // The ingest, query and maintenance services, all in the private subnets.
    expect(services).toEqual([
      ['subnet-0a0000000000000a1', 'subnet-0b0000000000000b1'],
      ['subnet-0a0000000000000a1', 'subnet-0b0000000000000b1'],
      ['subnet-0a0000000000000a1', 'subnet-0b0000000000000b1'],
    ]);
    expect(artifact.messages).toEqual([]);
  });

  it('stages the repository Dockerfile as an image asset when imageFromAsset is set, without Docker', () => {
    const outdir = tempOutdir();
    const { app, stack } = createRirekiApp({
      context: { ...CDK_JSON_CONTEXT, imageFromAsset: true },
      outdir,
      env: {},
    });

    const assembly = app.synth();
    const manifests = assembly.artifacts.filter((a) => a instanceof cxapi.AssetManifestArtifact);
    const images = manifests.flatMap((m) => Object.values(m.contents.dockerImages ?? {}));

    expect(assembly.getStackByName(stack.stackName).dependencies.map((d) => d.id)).toEqual(
      expect.arrayContaining(manifests.map((m) => m.id)),
    );
    expect(images).toHaveLength(1);
    const staged = join(outdir, String(images[0]?.source.directory));
    const runtime = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies.node;
    expect(readFileSync(join(staged, 'Dockerfile'), 'utf8')).toContain(`FROM node:${runtime}-`);
    expect(() => readFileSync(join(staged, 'infra', 'package.json'))).toThrow();
  });
});
