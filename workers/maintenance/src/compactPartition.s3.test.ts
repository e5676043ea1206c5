import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type EmbeddedSqs,
  livePartitionFiles,
  S3ObjectStore,
  startEmbeddedSqs,
  verifyLake,
} from '@rireki/adapters';
import { embeddedS3Client, openTestLedger, recordFiles } from '@rireki/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactPartition } from './compactPartition.js';
import { removeReplaced } from './removeReplaced.js';
import { dayRows, type MaintenanceLake, openMaintenanceLake, SHOP } from './testing/maintenanceLake.js';

let endpoint: EmbeddedSqs;
let s3: S3Client;
let lake: MaintenanceLake;

beforeAll(async () => {
  endpoint = await startEmbeddedSqs({ port: 0 });
  s3 = embeddedS3Client(endpoint.endpoint);
  lake = await openMaintenanceLake();
});

afterAll(async () => {
  await lake?.close();
  s3?.destroy();
  await endpoint?.stop();
});

describe('compaction of an S3 lake (the embedded endpoint S3 API)', () => {
  it('copies the files down, rewrites them, stores the result and the record, and removes the old files after the grace; the lake verifies throughout', async () => {
    const bucket = `rireki-maint-${randomUUID().slice(0, 8)}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const store = new S3ObjectStore({ client: s3, lake: `s3://${bucket}/prod` });
    const keysDir = await mkdtemp(join(tmpdir(), 'rireki-s3-keys-'));
    const { ledger, keyring } = await openTestLedger(store, keysDir, {
      role: 'maintenance',
      nowMs: () => lake.clock.now,
    });
    const rows = dayRows(600);
    const before = await lake.writeIngestFiles(SHOP, [...rows, ...rows.slice(0, 60)], 20, store);
    // Recorded as the ingest worker records its files.
    await recordFiles(
      ledger,
      store,
      before.map((key) => ({ key })),
      lake.clock.now,
    );

    const outcome = await compactPartition(
      {
        store,
        ledger,
        rewriter: lake.rewriter,
        policy: { quietMs: 0, minFiles: 2, maxRowsPerFile: 1_000 },
        replacedGraceMs: 1_000,
        nowMs: () => lake.clock.now,
      },
      SHOP,
    );

    expect(outcome).toMatchObject({
      compacted: true,
      duplicatesDropped: 60,
      record: { rowsIn: 660, rowsOut: 600 },
    });
    const live = await livePartitionFiles(store, SHOP);
    expect(live.keys).toHaveLength(1);
    expect(live.keys[0]).toMatch(
      /^action_logs\/app=shop\/dt=2026-11-23\/\d{8}T\d{9}Z-r[0-9a-f]{8}-0000\.parquet$/,
    );
    expect((await store.list('action_logs')).length).toBe(before.length + 1);

    await ledger.seal(false);
    expect((await verifyLake(store, keyring, {})).failures).toEqual([]);

    await removeReplaced(store, lake.catalog, SHOP, lake.clock.now + 1_000);

    expect(await store.list('action_logs')).toEqual(live.keys);
    expect(await store.list('_maintenance')).toEqual([]);
    await ledger.close();
    const report = await verifyLake(store, keyring, {});
    expect(report).toMatchObject({ ok: true, files: 1, records: before.length + 1 });

    // A changed object of an S3 lake is found like a changed file.
    const [compacted] = live.keys;
    await store.put(compacted ?? '', 'not the compacted rows');
    expect((await verifyLake(store, keyring, {})).failures).toEqual([
      { place: compacted, problem: expect.stringMatching(/^is 22 bytes, but .* recorded/) },
    ]);
    await rm(keysDir, { recursive: true, force: true });
  });
});
