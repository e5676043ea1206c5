import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type PointerReader, readFilePointer } from './readPointer.js';

/**
 * Reads pointer replies stored in S3 (the AWS mode's results area), and file:// ones as before.
 *
 * @example
 * const client = await createSearchClient({ sqs, searchQueueUrl, readPointer: s3PointerReader(new S3Client({})) });
 */
export function s3PointerReader(s3: S3Client, fallback: PointerReader = readFilePointer): PointerReader {
  return async (location) => {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
    if (!match) {
      return fallback(location);
    }
    const [, bucket, key] = match as unknown as [string, string, string];
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (object.Body === undefined) throw new Error(`${location} has no body`);
    return object.Body.transformToString('utf8');
  };
}
