import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../aws/S3ObjectStore.js';
import { openTestLedger, recordFiles } from '../testing/testLedger.js';
import { useEmbeddedS3 } from '../testing/useEmbeddedS3.js';
import { verifyLake } from './verifyLake.js';

const { s3 } = useEmbeddedS3();
let keysDir: string;
beforeAll(async () => {
  keysDir = await mkdtemp(join(tmpdir(), 'rireki-verify-s3-'));
});
afterAll(async () => {
  await rm(keysDir, { recursive: true, force: true });
});

describe('verifyLake over an S3 lake (the embedded endpoint S3 API)', () => {
  it('passes, then names a deleted object and a foreign one', async () => {
    const bucket = `rireki-verify-${randomUUID().slice(0, 8)}`;
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const store = new S3ObjectStore({ client: s3(), lake: `s3://${bucket}/prod` });
    const { ledger, keyring } = await openTestLedger(store, keysDir, { role: 'ingest' });
    const keys = ['a', 'b'].map((name) => `action_logs/app=shop/dt=2026-11-24/${name}.parquet`);
    await recordFiles(
      ledger,
      store,
      keys.map((key) => ({ key, body: `rows of ${key}`, rows: 1 })),
    );
    await ledger.close();
    expect(await verifyLake(store, keyring, {})).toMatchObject({ ok: true, files: 2, digests: 1 });

    await store.delete(keys[0] ?? '');
    await store.put('quarantine/dt=2026-11-24/planted.jsonl', '{}\n');

    const { failures } = await verifyLake(store, keyring, {});
    expect(failures.map((failure) => failure.place).sort()).toEqual([
      keys[0],
      'quarantine/dt=2026-11-24/planted.jsonl',
    ]);
  });
});
