import { S3Client } from '@aws-sdk/client-s3';
import { type PointerReader, s3PointerReader } from '@rireki/sdk';
import { loadStackConfig } from './stack/stackConfig.js';

/**
 * How a command reads a reply too large for SQS: on AWS the query worker leaves it in the lake's
 * results area (`s3://…`), read with the AWS SDK's default credential chain; locally it is a
 * `file://` path. The S3 client is made here but connects only when an s3:// pointer arrives.
 */
export function resultPointerReader(env: NodeJS.ProcessEnv = process.env): PointerReader {
  return s3PointerReader(new S3Client({ region: loadStackConfig(env).region }));
}
