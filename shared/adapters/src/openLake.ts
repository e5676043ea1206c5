import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore, PartitionCatalog, QueryEngine } from '@rireki/ports';
import { AthenaDdlPartitionCatalog } from './aws/AthenaDdlPartitionCatalog.js';
import { AthenaQueryEngine } from './aws/AthenaQueryEngine.js';
import { GluePartitionCatalog } from './aws/GluePartitionCatalog.js';
import { S3ObjectStore } from './aws/S3ObjectStore.js';
import { CachedPartitionCatalog } from './CachedPartitionCatalog.js';
import type { LakeSettings } from './config/lakeSettings.js';
import { DirectoryObjectStore } from './local/DirectoryObjectStore.js';
import { DuckDbQueryEngine } from './local/DuckDbQueryEngine.js';
import { LocalPartitionCatalog } from './local/LocalPartitionCatalog.js';

/**
 * AWS clients for the adapters, created on first use with the SDK's standard configuration
 * (AWS_REGION, AWS_ENDPOINT_URL_S3 …, the default credential chain), or passed in (tests).
 */
export interface AwsClients {
  s3?: S3Client;
  glue?: GlueClient;
  athena?: AthenaClient;
}

function clientsWithRegion(clients: AwsClients, region: string | undefined) {
  const config = region === undefined ? {} : { region };
  return {
    s3: () => (clients.s3 ??= new S3Client(config)),
    glue: () => (clients.glue ??= new GlueClient(config)),
    athena: () => (clients.athena ??= new AthenaClient(config)),
  };
}

/** The lake's object store: a directory, or an S3 prefix. */
export function openObjectStore(
  settings: LakeSettings,
  clients: AwsClients = {},
  region?: string,
): ObjectStore {
  if (settings.lake.kind === 'directory') return new DirectoryObjectStore(settings.lake.path);
  return new S3ObjectStore({
    client: clientsWithRegion(clients, region).s3(),
    lake: settings.lake.uri,
    encryption: settings.s3Encryption,
  });
}

/** The partition catalog, wrapped so that each partition is registered once per process. */
export function openPartitionCatalog(
  settings: LakeSettings,
  clients: AwsClients = {},
  region?: string,
): PartitionCatalog {
  const aws = clientsWithRegion(clients, region);
  const lakeUri = settings.lake.kind === 's3' ? settings.lake.uri : '';
  const catalog = settings.catalog;
  switch (catalog.kind) {
    case 'local':
      return new CachedPartitionCatalog(new LocalPartitionCatalog(catalog.directory));
    case 'glue':
      return new CachedPartitionCatalog(
        new GluePartitionCatalog({ client: aws.glue(), database: catalog.database, lake: lakeUri }),
      );
    case 'athena-ddl':
      return new CachedPartitionCatalog(
        new AthenaDdlPartitionCatalog({
          client: aws.athena(),
          database: catalog.database,
          workgroup: catalog.workgroup,
          lake: lakeUri,
        }),
      );
  }
}

/**
 * The query engine: DuckDB over a directory lake's registered partitions, or Athena over the Glue
 * table of an s3:// lake. Either reads only the files that no rewrite replaced.
 */
export async function openQueryEngine(
  engine: 'duckdb' | 'athena',
  settings: LakeSettings,
  clients: AwsClients = {},
  region?: string,
): Promise<QueryEngine> {
  if (engine === 'athena') {
    return new AthenaQueryEngine({
      client: clientsWithRegion(clients, region).athena(),
      database: settings.glueDatabase,
      workgroup: settings.athenaWorkgroup,
      // The lake's replacement records tell Athena which files to leave out.
      store: openObjectStore(settings, clients, region),
    });
  }
  if (settings.lake.kind !== 'directory' || settings.catalog.kind !== 'local') {
    throw new Error('the duckdb engine reads a directory lake with the local catalog');
  }
  return DuckDbQueryEngine.create({
    lakeDir: settings.lake.path,
    catalog: new LocalPartitionCatalog(settings.catalog.directory),
  });
}
