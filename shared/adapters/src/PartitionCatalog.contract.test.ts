import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { partitionCatalogContract, RecordingCatalog } from '@rireki/ports/testing';
import { AthenaDdlPartitionCatalog } from './aws/AthenaDdlPartitionCatalog.js';
import { glueTableInput } from './aws/actionLogTableDdl.js';
import { GluePartitionCatalog } from './aws/GluePartitionCatalog.js';
import { virtualClock } from './aws/testing/athenaTesting.js';
import { fakeAthenaDdl } from './aws/testing/fakeAthenaDdl.js';
import { fakeGluePartitions } from './aws/testing/fakeGluePartitions.js';
import { CachedPartitionCatalog } from './CachedPartitionCatalog.js';
import { LocalPartitionCatalog } from './local/LocalPartitionCatalog.js';

// Every catalog the workers can be given. Glue and Athena cannot run here: their catalogs talk to
// in-memory fakes of the few calls they make, behind aws-sdk-client-mock.

const LAKE = 's3://my-lake/rireki';
const CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'x' };

async function localCatalog() {
  const dir = await mkdtemp(join(tmpdir(), 'rireki-catalog-contract-'));
  return { catalog: new LocalPartitionCatalog(dir), close: () => rm(dir, { recursive: true, force: true }) };
}

partitionCatalogContract('LocalPartitionCatalog', localCatalog);

partitionCatalogContract('CachedPartitionCatalog around a LocalPartitionCatalog', async () => {
  const { catalog, close } = await localCatalog();
  return { catalog: new CachedPartitionCatalog(catalog), close };
});

partitionCatalogContract('RecordingCatalog around a LocalPartitionCatalog', async () => {
  const { catalog, close } = await localCatalog();
  return { catalog: new RecordingCatalog(catalog), close };
});

partitionCatalogContract('GluePartitionCatalog', async () => {
  const client = new GlueClient({ region: 'us-east-1', credentials: CREDENTIALS });
  const table = glueTableInput({ database: 'rireki', lake: LAKE }).StorageDescriptor ?? {};
  const glue = fakeGluePartitions(client, table);
  return {
    catalog: new GluePartitionCatalog({ client, database: 'rireki', lake: LAKE }),
    close: async () => glue.restore(),
  };
});

partitionCatalogContract('AthenaDdlPartitionCatalog', async () => {
  const client = new AthenaClient({ region: 'us-east-1', credentials: CREDENTIALS });
  const athena = fakeAthenaDdl(client);
  const catalog = new AthenaDdlPartitionCatalog({
    client,
    database: 'rireki',
    workgroup: 'rireki-wg',
    lake: LAKE,
    clock: virtualClock(),
  });
  return { catalog, close: async () => athena.restore() };
});
