import { randomBytes, randomUUID } from 'node:crypto';
import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ConfigError, StorageError } from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSqs, startEmbeddedSqs } from '../local/startEmbeddedSqs.js';
import { embeddedS3Client } from '../testing/embeddedS3Client.js';
import { S3ObjectStore, type S3ObjectStoreOptions } from './S3ObjectStore.js';
import { parseS3Uri } from './s3Uri.js';

interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

let endpoint: EmbeddedSqs;

beforeAll(async () => {
  endpoint = await startEmbeddedSqs({ port: 0 });
});

afterAll(async () => {
  await endpoint.stop();
});

/** A client of the embedded endpoint's S3 API that records every HTTP request it sends. */
function recordingClient(): { client: S3Client; sent: SentRequest[] } {
  const client = embeddedS3Client(endpoint.endpoint, { maxAttempts: 1 });
  const sent: SentRequest[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as SentRequest;
      sent.push({
        method: request.method,
        path: request.path,
        query: { ...request.query },
        headers: { ...request.headers },
      });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequests' },
  );
  return { client, sent };
}

/** A store over a new bucket of its own (random name), under the prefix `lake/root`. */
async function freshStore(
  options: Partial<S3ObjectStoreOptions> = {},
): Promise<{ store: S3ObjectStore; bucket: string; sent: SentRequest[]; client: S3Client }> {
  const { client, sent } = recordingClient();
  const bucket = `rireki-test-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  sent.length = 0;
  return {
    store: new S3ObjectStore({ client, lake: `s3://${bucket}/lake/root/`, ...options }),
    bucket,
    sent,
    client,
  };
}

// What every store promises (round trips, listing, refused keys) is in ObjectStore.contract.test.ts;
// these are S3's own: paging, multipart uploads, encryption headers and the prefix in the bucket.
describe('S3ObjectStore', () => {
  it('names the lake by its s3:// URI and each key by the object it is', async () => {
    const { store, bucket } = await freshStore();

    expect(store.location).toBe(`s3://${bucket}/lake/root`);
    expect(store.uriOf('action_logs/app=shop/dt=2026-11-24/a.parquet')).toBe(
      `s3://${bucket}/lake/root/action_logs/app=shop/dt=2026-11-24/a.parquet`,
    );
  });

  it('keeps every object under the lake prefix in the bucket', async () => {
    const { store, bucket, client } = await freshStore();

    await store.put('action_logs/app=shop/dt=2026-11-24/a.parquet', 'x');

    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect((listed.Contents ?? []).map((object) => object.Key)).toEqual([
      'lake/root/action_logs/app=shop/dt=2026-11-24/a.parquet',
    ]);
  });

  it('pages through ListObjectsV2 with continuation tokens', async () => {
    // Prepare
    const { store, sent } = await freshStore({ listPageSize: 2 });
    const keys = Array.from({ length: 5 }, (_, i) => `results/r-${i}.json`);
    for (const key of keys) await store.put(key, `{"i":"${key}"}`);
    sent.length = 0;

    // Act
    const listed = await store.list('results/');

    // Assess
    expect(listed.sort()).toEqual(keys);
    const listCalls = sent.filter((request) => request.query['list-type'] === '2');
    expect(listCalls).toHaveLength(3);
    expect(listCalls.map((request) => request.query.prefix)).toEqual([
      'lake/root/results/',
      'lake/root/results/',
      'lake/root/results/',
    ]);
  });

  it('sends a body at or over the threshold as a multipart upload, and reads it back whole', async () => {
    // Prepare
    const { store, sent } = await freshStore({
      multipartThresholdBytes: 5 * 1024 * 1024,
      partSizeBytes: 5 * 1024 * 1024,
    });
    const body = randomBytes(12 * 1024 * 1024);

    // Act
    await store.put('action_logs/app=shop/dt=2026-11-24/big.parquet', body);

    // Assess
    const parts = sent.filter((request) => request.method === 'PUT' && 'partNumber' in request.query);
    expect(parts.map((request) => request.query.partNumber)).toEqual(['1', '2', '3']);
    expect(sent.some((request) => request.method === 'POST' && 'uploads' in request.query)).toBe(true);
    const read = await store.get('action_logs/app=shop/dt=2026-11-24/big.parquet');
    expect(read?.byteLength).toBe(body.byteLength);
    expect(Buffer.from(read ?? []).equals(body)).toBe(true);
  }, 60_000);

  it('sends a small body as one PutObject', async () => {
    const { store, sent } = await freshStore();

    await store.put('a/b.json', 'x');

    expect(sent.map((request) => [request.method, request.path])).toEqual([
      ['PUT', expect.stringMatching(/\/lake\/root\/a\/b\.json$/)],
    ]);
  });

  it.each([
    [{ sse: 'AES256' as const }, { 'x-amz-server-side-encryption': 'AES256' }],
    [
      { sse: 'aws:kms' as const, kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/abc' },
      {
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:111122223333:key/abc',
      },
    ],
  ])(
    'asks for server-side encryption %o on every write, small and multipart',
    async (encryption, headers) => {
      // Prepare
      const { store, sent } = await freshStore({
        encryption,
        multipartThresholdBytes: 5 * 1024 * 1024,
        partSizeBytes: 5 * 1024 * 1024,
      });

      // Act
      await store.put('small.json', '{}');
      await store.put('big.bin', randomBytes(6 * 1024 * 1024));

      // Assess
      const small = sent.find((request) => request.method === 'PUT' && request.path.endsWith('/small.json'));
      const createUpload = sent.find((request) => request.method === 'POST' && 'uploads' in request.query);
      expect(small?.headers).toMatchObject(headers);
      expect(createUpload?.headers).toMatchObject(headers);
    },
    60_000,
  );

  it('sends no encryption headers when none is configured', async () => {
    const { store, sent } = await freshStore();

    await store.put('small.json', '{}');

    expect(Object.keys(sent[0]?.headers ?? {}).filter((name) => name.includes('server-side'))).toEqual([]);
  });

  it('wraps a missing bucket as a StorageError that retrying cannot fix', async () => {
    const { client } = recordingClient();
    const store = new S3ObjectStore({ client, lake: 's3://rireki-no-such-bucket/lake' });

    const failure = await store.put('a.json', '{}').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).toMatchObject({ retryable: false, message: expect.stringContaining('a.json') });
  });
});

describe('parseS3Uri', () => {
  it.each([
    ['s3://my-bucket', { bucket: 'my-bucket', prefix: '' }],
    ['s3://my-bucket/', { bucket: 'my-bucket', prefix: '' }],
    ['s3://my.bucket-1/rireki/lake//', { bucket: 'my.bucket-1', prefix: 'rireki/lake' }],
  ])('%s', (uri, expected) => {
    expect(parseS3Uri(uri)).toEqual(expected);
  });

  it.each([
    ['/data/lake', /must be an s3:\/\/<bucket>\[\/<prefix>\] URI \(got "\/data\/lake"\)/],
    ['s3://', /invalid bucket name ""/],
    ['s3://My_Bucket/x', /invalid bucket name "My_Bucket"/],
    ['s3://bucket/a//b', /invalid prefix segment ""/],
    ['s3://bucket/a/../b', /invalid prefix segment "\.\."/],
    ["s3://bucket/it's", /invalid prefix segment "it's"/],
  ])('refuses %s, naming the value', (uri, message) => {
    expect(() => parseS3Uri(uri)).toThrow(ConfigError);
    expect(() => parseS3Uri(uri)).toThrow(message);
  });
});
