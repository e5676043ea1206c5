import { LAKE_AREAS } from '@rireki/contracts';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ATHENA_RESULTS_AREA } from './constants.js';
import type { LakeExpirations } from './retention.js';

/** An area of the lake: one of LAKE_AREAS or Athena's results. */
export type LakeArea = (typeof LAKE_AREAS)[keyof typeof LAKE_AREAS] | typeof ATHENA_RESULTS_AREA;

export interface LakeProps {
  /** @defaultValue generated */
  readonly bucketName?: string | undefined;
  /** Key prefix of the lake in the bucket, no slash at either end. */
  readonly prefix: string;
  readonly encryption: 's3' | 'kms';
  readonly versioned: boolean;
  /**
   * Days before the objects of `action_logs/`, `quarantine/` and `results/` expire: a backstop behind
   * the maintenance worker's retention (see lakeExpirations), never sooner than it.
   */
  readonly expirations: LakeExpirations;
}

/** Athena's result files are read within minutes; S3 expires objects by whole days. */
const SHORT_LIVED_DAYS = 1;

/**
 * The S3 bucket of the lake: private, encrypted, TLS only, with lifecycle rules per area. Everything
 * lives under `<prefix>/`: `action_logs/`, `_maintenance/`, `quarantine/`, `results/` and
 * `athena-results/`. `_maintenance/` has no rule: a replacement record removed before its replaced
 * files would show them to searches again.
 */
export class Lake extends Construct {
  readonly bucket: s3.Bucket;
  /** The customer-managed key when the encryption is `kms`. */
  readonly key: kms.Key | undefined;
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: LakeProps) {
    super(scope, id);
    this.prefix = props.prefix;
    this.key =
      props.encryption === 'kms'
        ? new kms.Key(this, 'Key', {
            description: 'rireki lake',
            enableKeyRotation: true,
            removalPolicy: RemovalPolicy.RETAIN,
          })
        : undefined;
    const area = (name: LakeArea): string => this.areaPrefix(name);
    const expire = (name: LakeArea, days: number | undefined): s3.LifecycleRule[] =>
      days === undefined
        ? []
        : [{ id: `expire-${name}`, prefix: area(name), expiration: Duration.days(days) }];
    const { expirations } = props;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...(props.bucketName === undefined ? {} : { bucketName: props.bucketName }),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      ...(this.key === undefined
        ? { encryption: s3.BucketEncryption.S3_MANAGED }
        : { encryption: s3.BucketEncryption.KMS, encryptionKey: this.key, bucketKeyEnabled: true }),
      enforceSSL: true,
      versioned: props.versioned,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'abort-incomplete-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          ...(props.versioned ? { noncurrentVersionExpiration: Duration.days(30) } : {}),
        },
        ...expire(LAKE_AREAS.results, expirations.results),
        // Nothing but this rule deletes Athena's results.
        ...expire(ATHENA_RESULTS_AREA, SHORT_LIVED_DAYS),
        ...expire(LAKE_AREAS.quarantine, expirations.quarantine),
        ...expire(LAKE_AREAS.table, expirations.table),
      ],
    });
  }

  /** `s3://<bucket>/<prefix>`: the workers' RIREKI_LAKE. */
  get uri(): string {
    return `s3://${this.bucket.bucketName}/${this.prefix}`;
  }

  /** The key prefix of an area, with its trailing slash: `rireki/results/`. */
  areaPrefix(area: LakeArea): string {
    return `${this.prefix}/${area}/`;
  }

  /** `s3://<bucket>/<prefix>/<area>/`. */
  areaUri(area: LakeArea): string {
    return `s3://${this.bucket.bucketName}/${this.areaPrefix(area)}`;
  }

  /** The ARN of every object in an area, for IAM. */
  areaObjectsArn(area: LakeArea): string {
    return this.bucket.arnForObjects(`${this.areaPrefix(area)}*`);
  }
}
