import { Aws, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface AthenaWorkgroupProps {
  readonly name: string;
  /** `s3://bucket/prefix/athena-results/`. */
  readonly resultLocation: string;
  /** Athena cancels a query that would scan more. */
  readonly bytesScannedCutoffPerQuery: number;
  /** Encrypt results with this key (SSE-KMS); SSE-S3 without. */
  readonly encryptionKey?: kms.IKey | undefined;
}

/**
 * The Athena workgroup the query worker runs in. Its settings are enforced, so a client cannot send
 * results elsewhere or lift the scan cutoff.
 */
export class AthenaWorkgroup extends Construct {
  readonly workgroup: athena.CfnWorkGroup;
  readonly name: string;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    super(scope, id);
    this.name = props.name;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.name,
      description: 'rireki searches',
      state: 'ENABLED',
      // Lets CloudFormation delete the workgroup even when it has saved queries or history.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: props.resultLocation,
          expectedBucketOwner: Aws.ACCOUNT_ID,
          encryptionConfiguration:
            props.encryptionKey === undefined
              ? { encryptionOption: 'SSE_S3' }
              : { encryptionOption: 'SSE_KMS', kmsKey: props.encryptionKey.keyArn },
        },
      },
    });
  }

  get arn(): string {
    return Stack.of(this).formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.name });
  }
}
