import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { FaultyObjectStore, objectStoreContract } from '@rireki/ports/testing';
import { S3ObjectStore } from './aws/S3ObjectStore.js';
import { DirectoryObjectStore } from './local/DirectoryObjectStore.js';
import { useEmbeddedS3 } from './testing/useEmbeddedS3.js';

// Every store the workers can be given: the directory lake, S3 (through the embedded endpoint's S3
// API, a real HTTP server), and the fault-injecting fake the ingest suites wrap around a real one.

async function directoryStore() {
  const dir = await mkdtemp(join(tmpdir(), 'rireki-store-contract-'));
  // One level down, so that a key escaping the lake would land where nothing lists it.
  return {
    store: new DirectoryObjectStore(join(dir, 'lake')),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

objectStoreContract('DirectoryObjectStore', directoryStore);

objectStoreContract('FaultyObjectStore around a DirectoryObjectStore', async () => {
  const { store, close } = await directoryStore();
  return { store: new FaultyObjectStore(store), close };
});

const { s3 } = useEmbeddedS3();

objectStoreContract('S3ObjectStore', async () => {
  const bucket = `rireki-contract-${randomUUID().slice(0, 8)}`;
  await s3().send(new CreateBucketCommand({ Bucket: bucket }));
  return { store: new S3ObjectStore({ client: s3(), lake: `s3://${bucket}/lake/root` }) };
});
