import { S3Client } from '@aws-sdk/client-s3';

/**
 * An S3 client of the embedded endpoint's S3 API (served on the SQS port): path-style, since
 * bucket names are not host names on 127.0.0.1, with credentials the endpoint accepts.
 */
export function embeddedS3Client(endpoint: string, options: { maxAttempts?: number } = {}): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    ...options,
  });
}
