import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedSqs, startEmbeddedSqs } from '../local/startEmbeddedSqs.js';
import { embeddedS3Client } from './embeddedS3Client.js';

/**
 * The embedded endpoint's S3 API for the tests of one file: started before them, stopped after.
 * Call `s3()` inside a test or a hook, once it has started.
 */
export function useEmbeddedS3(): { readonly s3: () => S3Client } {
  let endpoint: EmbeddedSqs | undefined;
  let client: S3Client | undefined;
  beforeAll(async () => {
    endpoint = await startEmbeddedSqs({ port: 0 });
    client = embeddedS3Client(endpoint.endpoint, { maxAttempts: 1 });
  });
  afterAll(async () => {
    client?.destroy();
    await endpoint?.stop();
  });
  return {
    s3: () => {
      if (client === undefined) throw new Error('the embedded S3 endpoint has not started');
      return client;
    },
  };
}
