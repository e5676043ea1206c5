import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchCreatePartitionCommand,
  type BatchCreatePartitionCommandInput,
  GetTableCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  createLogger,
  DuckDbParquetEncoder,
  glueTableInput,
  loadLakeSettings,
  openObjectStore,
  openPartitionCatalog,
} from '@rireki/adapters';
import { embeddedS3Client, waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { createIngestWorker } from '@rireki/ingest';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalQueues, queueDepth, startLocalQueues } from '../support/localQueues.js';
import { FIXTURE_START, sendFixture } from '../support/searchFixture.js';

/**
 * AWS mode without a cloud account: the same ingest worker code with the S3 object store against
 * the embedded endpoint's S3 API and the Glue catalog against a mocked Glue client.
 */
describe('ingest in aws mode: S3 lake and Glue partitions', () => {
  let local: LocalQueues;
  let s3: S3Client;
  let scratch: string;
  const bucket = `rireki-lake-${randomUUID().slice(0, 8)}`;
  const glue = new GlueClient({ region: 'us-east-1' });
  const glueMock = mockClient(glue);

  beforeAll(async () => {
    local = await startLocalQueues();
    s3 = embeddedS3Client(local.server.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    scratch = await mkdtemp(join(tmpdir(), 'rireki-aws-mode-'));
    const table = glueTableInput({ database: 'rireki', lake: `s3://${bucket}/prod` });
    glueMock.on(GetTableCommand).resolves({ Table: { ...table, DatabaseName: 'rireki' } as never });
    glueMock.on(BatchCreatePartitionCommand).resolves({ Errors: [] });
  });

  afterAll(async () => {
    glueMock.restore();
    s3.destroy();
    await local.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes Parquet under s3://bucket/prefix/action_logs and registers each partition in Glue once', async () => {
    const settings = loadLakeSettings(
      { [ENV_KEYS.lake]: `s3://${bucket}/prod`, [ENV_KEYS.s3Sse]: 'AES256' },
      'aws',
    );
    const store = openObjectStore(settings, { s3 });
    const encoder = await DuckDbParquetEncoder.create();
    const worker = createIngestWorker({
      sqs: local.sqs,
      queueUrl: local.queues.ingest,
      store,
      catalog: openPartitionCatalog(settings, { glue }),
      encoder,
      logger: createLogger('aws-mode-test', 'silent'),
      config: {
        flush: { maxRows: 100_000, maxBytes: 64 * 1024 * 1024, maxAgeMs: 300 },
        maxBufferedBytes: 64 * 1024 * 1024,
        visibilityTimeoutS: 30,
        receiveWaitS: 1,
        receivers: 2,
        drainTimeoutMs: 10_000,
      },
    });
    const events = Array.from({ length: 1_000 }, (_, i) => ({
      app: i % 2 === 0 ? 'shop' : 'blog',
      eventId: `aws-${i}`,
      occurredAt: new Date(FIXTURE_START + (i % 3) * 86_400_000).toISOString(),
      path: `/p/${i}`,
    }));

    worker.start();
    await sendFixture(local.sqs, local.queues.ingest, [
      ...events,
      { app: 'Bad App', occurredAt: 'yesterday' },
    ]);
    await waitFor('the queue to drain', async () => {
      const depth = await queueDepth(local.sqs, local.queues.ingest);
      return depth.visible + depth.inFlight === 0;
    });
    await worker.stop();
    await encoder.close();

    // Every row is in a Parquet object under the partition's prefix.
    const keys = await store.list('action_logs');
    expect(
      keys.every((key) => /^action_logs\/app=(shop|blog)\/dt=2026-11-0[123]\/[^/]+\.parquet$/.test(key)),
    ).toBe(true);
    const files: string[] = [];
    for (const key of keys) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `prod/${key}` }));
      const file = join(scratch, `${files.length}.parquet`);
      await writeFile(file, await (object.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
      files.push(file);
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const counted = await connection.runAndReadAll(
      `SELECT count(DISTINCT event_id) AS n FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`,
    );
    connection.closeSync();
    instance.closeSync();
    expect(Number(counted.getRowObjectsJS()[0]?.n)).toBe(1_000);
    // The bad event went to the quarantine in the same bucket.
    expect((await store.list('quarantine')).length).toBeGreaterThan(0);

    // One BatchCreatePartition per partition, with the partition's own location.
    const registered = glueMock
      .commandCalls(BatchCreatePartitionCommand)
      .map((call) => call.args[0].input as BatchCreatePartitionCommandInput);
    const partitions = registered.flatMap((input) => input.PartitionInputList ?? []);
    expect(
      registered.every((input) => input.DatabaseName === 'rireki' && input.TableName === 'action_logs'),
    ).toBe(true);
    expect(partitions.map((p) => p.Values?.join('/')).sort()).toEqual(
      ['blog', 'shop'].flatMap((app) =>
        ['2026-11-01', '2026-11-02', '2026-11-03'].map((dt) => `${app}/${dt}`),
      ),
    );
    for (const partition of partitions) {
      const [app, dt] = partition.Values ?? [];
      expect(partition.StorageDescriptor?.Location).toBe(
        `s3://${bucket}/prod/action_logs/app=${app}/dt=${dt}/`,
      );
    }
  });
});
