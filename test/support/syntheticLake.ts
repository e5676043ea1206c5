import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { LocalPartitionCatalog } from '@rireki/adapters';
import {
  ACTION_LOG_COLUMNS,
  COLUMN_KINDS,
  compactTimestamp,
  LAKE_AREAS,
  partitionPath,
} from '@rireki/contracts';

const DAY_MS = 86_400_000;

export type ColumnName = (typeof ACTION_LOG_COLUMNS)[number]['name'];

export interface SyntheticPartition {
  readonly app: string;
  /** UTC day, YYYY-MM-DD. */
  readonly dt: string;
  readonly rows: number;
  /**
   * Columns as DuckDB SQL over `i`, the row number from 0; the others take the defaults below.
   * Row i occurs at dt + i × (one day / rows), so occurred_at grows with i.
   */
  readonly columns?: Partial<Record<ColumnName, string>>;
}

/** The SELECT list that makes row i of the partition, in the lake's column types. */
function selectList(partition: SyntheticPartition): string {
  const dayStart = Date.parse(`${partition.dt}T00:00:00Z`);
  const defaults: Record<ColumnName, string> = {
    event_id: `'${partition.app}-${partition.dt}-' || i`,
    occurred_at: `epoch_ms(${dayStart} + (i * ${DAY_MS}) // ${partition.rows})`,
    received_at: `epoch_ms(${dayStart} + (i * ${DAY_MS}) // ${partition.rows} + 50)`,
    action: `'OrderController@show'`,
    method: `'GET'`,
    path: `'/orders/' || (i % 300)`,
    status: '200',
    duration_ms: '(i % 1000) / 10',
    user_id: `'u' || (i % 50)`,
    ip: `'10.0.0.' || (i % 200)`,
    user_agent: `'curl/8.0'`,
    params: `'{"page":' || (i % 5) || '}'`,
    attributes: `MAP {'orderId': 'ORD-' || (i % 400)}`,
    extra: 'NULL',
  };
  const values = { ...defaults, ...partition.columns };
  return ACTION_LOG_COLUMNS.map(
    (column) => `CAST(${values[column.name]} AS ${COLUMN_KINDS[column.kind].duckdbType}) AS ${column.name}`,
  ).join(', ');
}

/**
 * Writes one partition of `action_logs` straight from DuckDB SQL (`COPY (SELECT … FROM range(n))`)
 * in the lake's layout and column types, and registers it in the local catalog, the way the ingest
 * worker would, at hundreds of thousands of rows a second. Returns the Parquet file's path.
 */
export async function writeSyntheticPartition(
  dataDir: string,
  partition: SyntheticPartition,
): Promise<string> {
  const select = selectList(partition);
  const dir = join(dataDir, 'lake', LAKE_AREAS.table, ...partitionPath(partition).split('/'));
  await mkdir(dir, { recursive: true });
  const file = join(dir, `synthetic-${randomUUID()}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT ${select} FROM range(${partition.rows}) t(i)) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  await new LocalPartitionCatalog(join(dataDir, 'catalog')).register(partition);
  return file;
}

/**
 * Writes a partition as `files` small Parquet files of `rowsPerFile` rows each, named the way the
 * ingest worker names its files (by write time, oldest first, the newest `newestAgeMs` ago), with
 * one DuckDB instance, and registers it. Row i of file f is event f * rowsPerFile + i, unless
 * `copies` makes the last files repeat the first files' events (redeliveries). Returns their keys.
 */
export async function writeSmallFiles(
  dataDir: string,
  partition: Omit<SyntheticPartition, 'rows'> & {
    readonly files: number;
    readonly rowsPerFile: number;
    /** The last `copies` files hold the events of the first `copies` files again. */
    readonly copies?: number;
    readonly newestAgeMs?: number;
  },
): Promise<string[]> {
  const rows = (partition.files - (partition.copies ?? 0)) * partition.rowsPerFile;
  const select = selectList({ ...partition, rows });
  const dir = join(dataDir, 'lake', LAKE_AREAS.table, ...partitionPath(partition).split('/'));
  await mkdir(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const keys: string[] = [];
  const newest = Date.now() - (partition.newestAgeMs ?? 60_000);
  try {
    for (let f = 0; f < partition.files; f++) {
      const copyOf = f - (partition.files - (partition.copies ?? 0));
      const first = (copyOf >= 0 ? copyOf : f) * partition.rowsPerFile;
      const name = `${compactTimestamp(newest - (partition.files - f))}-${randomUUID()}.parquet`;
      await connection.run(
        `COPY (SELECT ${select} FROM range(${first}, ${first + partition.rowsPerFile}) t(i)) ` +
          `TO '${join(dir, name)}' (FORMAT parquet, COMPRESSION zstd)`,
      );
      keys.push(`${LAKE_AREAS.table}/${partitionPath(partition)}/${name}`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  await new LocalPartitionCatalog(join(dataDir, 'catalog')).register(partition);
  return keys;
}
