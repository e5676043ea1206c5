import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DirectoryObjectStore, LocalPartitionCatalog, livePartitionFiles } from '@rireki/adapters';
import {
  ACTION_LOG_COLUMNS,
  type ColumnKind,
  columnOfField,
  type SearchFilterValue,
  type SearchRequest,
} from '@rireki/contracts';
import { benchTextFilter, textFilterSql } from './benchTextFilter.js';
import type { PostgresCluster } from './postgresCluster.js';

/** How a team's activity table types each column of the action-log table. */
const POSTGRES_TYPES = {
  string: 'text',
  timestamp: 'timestamptz',
  int: 'integer',
  double: 'double precision',
  stringMap: 'jsonb',
} as const satisfies Record<ColumnKind, string>;

const TABLE = 'activity';
/** Progress steps of a load, whatever the number of partitions. */
export const LOAD_TICKS = 5;
const COLUMNS = ['app', ...ACTION_LOG_COLUMNS.map((column) => column.name)];

/** The indexes such a table carries: by time, one user's history by time, and one row per event. */
const INDEXES = [
  `CREATE UNIQUE INDEX activity_app_event ON ${TABLE} (app, event_id)`,
  `CREATE INDEX activity_app_time ON ${TABLE} (app, occurred_at)`,
  `CREATE INDEX activity_app_user_time ON ${TABLE} (app, user_id, occurred_at)`,
];

export interface PeerLoad {
  readonly rows: number;
  /** Server-side COPY of every partition's rows, summed; the export from the lake is not counted. */
  readonly copyMs: number;
  readonly indexMs: number;
  readonly analyzeMs: number;
  readonly tableBytes: number;
  readonly indexBytes: number;
}

/**
 * Loads every live row of the lake into an activity table with COPY, partition by partition
 * through a CSV file DuckDB writes from the Parquet files (so both sides hold the same rows), then
 * builds the indexes and runs VACUUM ANALYZE, as a team would after a bulk load.
 */
export async function loadPeer(
  cluster: PostgresCluster,
  lake: { readonly lakeDir: string; readonly catalogDir: string },
  tick: (step: string) => void,
): Promise<PeerLoad> {
  const { client } = cluster;
  const columns = [
    'app text NOT NULL',
    ...ACTION_LOG_COLUMNS.map(
      (column) => `${column.name} ${POSTGRES_TYPES[column.kind]}${column.nullable ? '' : ' NOT NULL'}`,
    ),
  ];
  await client.query(`CREATE TABLE ${TABLE} (${columns.join(', ')})`);
  const store = new DirectoryObjectStore(lake.lakeDir);
  const partitions = await new LocalPartitionCatalog(lake.catalogDir).list();
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const duck = await instance.connect();
  const csv = join(cluster.dir, 'partition.csv');
  let copyMs = 0;
  let rows = 0;
  try {
    for (const [i, partition] of partitions.entries()) {
      if (i % Math.ceil(partitions.length / LOAD_TICKS) === 0)
        tick(`peer: loading PostgreSQL, partition ${i + 1} of ${partitions.length}`);
      const files = (await livePartitionFiles(store, partition)).keys.map((key) => store.pathOf(key));
      if (files.length === 0) continue;
      // Paths and the partition's app are the bench's own, never input from a request.
      const list = files.map((file) => `'${file}'`).join(', ');
      await duck.run(
        `COPY (SELECT '${partition.app}' AS app, ${ACTION_LOG_COLUMNS.map((c) => csvColumn(c.name, c.kind)).join(', ')} ` +
          `FROM read_parquet([${list}])) TO '${csv}' (FORMAT csv, HEADER false)`,
      );
      const started = performance.now();
      const copied = await client.query(
        `COPY ${TABLE} (${COLUMNS.join(', ')}) FROM '${csv}' WITH (FORMAT csv)`,
      );
      copyMs += performance.now() - started;
      rows += copied.rowCount ?? 0;
      await rm(csv);
    }
  } finally {
    duck.closeSync();
    instance.closeSync();
  }
  tick('peer: building the PostgreSQL indexes');
  let started = performance.now();
  for (const index of INDEXES) await client.query(index);
  const indexMs = performance.now() - started;
  started = performance.now();
  await client.query(`VACUUM ANALYZE ${TABLE}`);
  const analyzeMs = performance.now() - started;
  const size = await client.query<{ table: string; indexes: string }>(
    `SELECT pg_table_size('${TABLE}') AS table, pg_indexes_size('${TABLE}') AS indexes`,
  );
  return {
    rows,
    copyMs,
    indexMs,
    analyzeMs,
    tableBytes: Number(size.rows[0]?.table),
    indexBytes: Number(size.rows[0]?.indexes),
  };
}

/** A column as PostgreSQL's COPY reads it: timestamps in UTC to the millisecond, maps as JSON. */
function csvColumn(name: string, kind: ColumnKind): string {
  if (kind === 'timestamp') return `strftime(${name}, '%Y-%m-%d %H:%M:%S.%g+00') AS ${name}`;
  if (kind === 'stringMap') return `CAST(to_json(${name}) AS VARCHAR) AS ${name}`;
  return name;
}

export interface PeerPage {
  readonly eventIds: string[];
  readonly total: number | undefined;
}

/**
 * The product's search on the activity table, for the bench: one app, the range, equality and
 * `contains` filters on text fields, the product's order, limit and count. The table holds each
 * event once (its unique index), so the count is `count(*)`. Page and count run one after the
 * other on the one connection.
 */
export async function searchPeer(cluster: PostgresCluster, request: SearchRequest): Promise<PeerPage> {
  if (typeof request.app !== 'string' || request.text !== undefined || request.cursor !== undefined)
    throw new Error('the PostgreSQL bench search takes one app, filters only, first pages only');
  const where = ['app = $1', 'occurred_at >= $2', 'occurred_at < $3'];
  const params: string[] = [request.app, request.from, request.to];
  for (const [field, filter] of Object.entries(request.filters ?? {})) {
    const condition = filterCondition(field, filter, params.length + 1);
    where.push(condition.sql);
    params.push(condition.param);
  }
  const direction = request.order === 'asc' ? 'ASC' : 'DESC';
  const page = await cluster.client.query<{ event_id: string }>(
    `SELECT ${COLUMNS.join(', ')} FROM ${TABLE} WHERE ${where.join(' AND ')} ` +
      `ORDER BY occurred_at ${direction}, event_id ${direction} LIMIT ${request.limit}`,
    params,
  );
  const total = request.includeTotal
    ? await cluster.client.query<{ total: string }>(
        `SELECT count(*) AS total FROM ${TABLE} WHERE ${where.join(' AND ')}`,
        params,
      )
    : undefined;
  return {
    eventIds: page.rows.map((row) => row.event_id),
    total: total === undefined ? undefined : Number(total.rows[0]?.total),
  };
}

function filterCondition(
  field: string,
  filter: SearchFilterValue,
  placeholder: number,
): { sql: string; param: string } {
  const column = columnOfField(field);
  if (column?.kind !== 'string')
    throw new Error(`the PostgreSQL bench search filters text fields only, not ${field}`);
  const { op, param } = benchTextFilter('PostgreSQL', filter);
  return { sql: textFilterSql(column.name, op, `$${placeholder}`), param };
}
