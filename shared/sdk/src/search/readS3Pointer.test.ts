import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type EmbeddedSqs, startEmbeddedSqs } from '@rireki/adapters';
import { embeddedS3Client } from '@rireki/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3PointerReader } from './readS3Pointer.js';

describe('s3PointerReader', () => {
  let server: EmbeddedSqs;
  let s3: S3Client;

  beforeAll(async () => {
    // The embedded endpoint serves the S3 API on the same port as SQS.
    server = await startEmbeddedSqs({ port: 0 });
    s3 = embeddedS3Client(server.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'rireki-lake' }));
  });

  afterAll(async () => {
    s3.destroy();
    await server.stop();
  });

  it('reads the object an s3:// pointer names', async () => {
    const body = JSON.stringify({ ok: true, rows: [{ eventId: '1', note: '日本語' }] });
    await s3.send(
      new PutObjectCommand({ Bucket: 'rireki-lake', Key: 'prod/results/dt=2026-11-24/r.json', Body: body }),
    );

    const text = await s3PointerReader(s3)('s3://rireki-lake/prod/results/dt=2026-11-24/r.json');

    expect(text).toBe(body);
  });

  it('hands other schemes to the fallback reader', async () => {
    const read = s3PointerReader(s3, async (location) => `fallback:${location}`);

    expect(await read('file:///tmp/x.json')).toBe('fallback:file:///tmp/x.json');
  });

  it('fails on a missing object', async () => {
    await expect(s3PointerReader(s3)('s3://rireki-lake/missing.json')).rejects.toThrow();
  });
});
