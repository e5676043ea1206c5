import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { actionLogTableInput, type LakeRow } from '@rireki/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { DuckDbParquetEncoder } from '../local/DuckDbParquetEncoder.js';
import { actionLogTableDdl, glueTableInput } from './actionLogTableDdl.js';

const OPTIONS = { database: 'rireki', lake: 's3://my-lake/rireki/' };

/** The Parquet types a file may declare for a column of each Athena type, as Athena reads Parquet. */
const ALLOWED_PARQUET = {
  string: { type: 'BYTE_ARRAY', convertedType: 'UTF8' },
  timestamp: { type: 'INT64', convertedType: 'TIMESTAMP_MILLIS' },
  int: { type: 'INT32', convertedType: 'INT_32' },
  double: { type: 'DOUBLE', convertedType: null },
  'map<string,string>': {
    type: null,
    convertedType: 'MAP',
    entry: [
      ['key', 'BYTE_ARRAY', 'UTF8'],
      ['value', 'BYTE_ARRAY', 'UTF8'],
    ],
  },
} as const;

interface ParquetColumn {
  readonly name: string;
  readonly type: unknown;
  readonly convertedType: unknown;
  /** For a MAP: its key and value leaves as [name, type, convertedType]. */
  readonly entry: unknown[][] | undefined;
}

let fileColumns: ParquetColumn[];

/** Writes one real file with DuckDbParquetEncoder and reads its top-level schema with parquet_schema. */
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rireki-ddl-test-'));
  const encoder = await DuckDbParquetEncoder.create({ threads: 1 });
  const reader = await DuckDBInstance.create(':memory:');
  const connection = await reader.connect();
  try {
    const row: LakeRow = {
      event_id: 'e-1',
      occurred_at: Date.UTC(2026, 10, 24, 9, 30),
      received_at: Date.UTC(2026, 10, 24, 9, 30, 1),
      action: 'OrderController@store',
      method: 'POST',
      path: '/orders',
      status: 201,
      duration_ms: 12.5,
      user_id: '42',
      ip: '203.0.113.9',
      user_agent: 'curl/8',
      params: '{"sku":"A-1"}',
      attributes: { orderId: 'ORD-1' },
      extra: '{"tenant":"acme"}',
    };
    const path = join(dir, 'one.parquet');
    await writeFile(path, await encoder.encode([row]));
    const result = await connection.runAndReadAll(
      `SELECT name, type, converted_type, num_children FROM parquet_schema('${path.replaceAll("'", "''")}')`,
    );
    fileColumns = topLevelColumns(result.getRowObjectsJS());
  } finally {
    await encoder.close();
    connection.closeSync();
    reader.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
});

/** parquet_schema lists the schema tree depth first: the root, then each column with its children. */
function topLevelColumns(rows: Array<Record<string, unknown>>): ParquetColumn[] {
  let next = 1;
  const leaves = (count: number): unknown[][] => {
    const out: unknown[][] = [];
    for (let i = 0; i < count; i++) {
      const row = rows[next++] ?? {};
      const children = Number(row.num_children ?? 0);
      if (children > 0) out.push(...leaves(children));
      else out.push([row.name, row.type ?? null, row.converted_type ?? null]);
    }
    return out;
  };
  const columns: ParquetColumn[] = [];
  while (next < rows.length) {
    const row = rows[next++] ?? {};
    const children = Number(row.num_children ?? 0);
    columns.push({
      name: String(row.name),
      type: row.type ?? null,
      convertedType: row.converted_type ?? null,
      entry: children > 0 ? leaves(children) : undefined,
    });
  }
  return columns;
}

/** The `name type` pairs of one parenthesised list of the DDL, in order. */
function ddlColumns(ddl: string, after: string): Array<[string, string]> {
  const start = ddl.indexOf(`${after}(`) + after.length + 1;
  const end = ddl.indexOf('\n)', start);
  return ddl
    .slice(start, end)
    .trim()
    .split(',\n')
    .map((line) => {
      const match = /^\s*`([a-z_]+)` (\S+) COMMENT '[^']*'$/.exec(line);
      if (!match) throw new Error(`unexpected DDL column line: ${line}`);
      return [match[1] ?? '', match[2] ?? ''];
    });
}

describe('actionLogTableDdl', () => {
  it('declares, in order, exactly the columns a written Parquet file has, with matching types', () => {
    // Act
    const columns = ddlColumns(actionLogTableDdl(OPTIONS), '`action_logs` ');

    // Assess
    expect(columns.map(([name]) => name)).toEqual(fileColumns.map((column) => column.name));
    for (const [index, [name, athenaType]] of columns.entries()) {
      const allowed = ALLOWED_PARQUET[athenaType as keyof typeof ALLOWED_PARQUET];
      expect(allowed, `no Parquet mapping for ${name} ${athenaType}`).toBeDefined();
      const file = fileColumns[index];
      expect({ column: name, type: file?.type, convertedType: file?.convertedType }).toEqual({
        column: name,
        type: allowed.type,
        convertedType: allowed.convertedType,
      });
      if ('entry' in allowed) expect(file?.entry).toEqual(allowed.entry);
    }
  });

  it('partitions by app and dt as strings, stored as ZSTD Parquet under the lake’s action_logs/', () => {
    const ddl = actionLogTableDdl(OPTIONS);

    expect(ddl.startsWith('CREATE EXTERNAL TABLE IF NOT EXISTS `rireki`.`action_logs` (\n')).toBe(true);
    expect(ddlColumns(ddl, 'PARTITIONED BY ')).toEqual([
      ['app', 'string'],
      ['dt', 'string'],
    ]);
    expect(
      ddl.endsWith(
        "STORED AS PARQUET\nLOCATION 's3://my-lake/rireki/action_logs/'\nTBLPROPERTIES ('parquet.compression'='ZSTD')",
      ),
    ).toBe(true);
  });

  it('refuses a database or lake that could break out of the statement', () => {
    expect(() => actionLogTableDdl({ ...OPTIONS, database: 'x`; DROP' })).toThrow(/Glue name/);
    expect(() => actionLogTableDdl({ ...OPTIONS, lake: "s3://my-lake/a'b" })).toThrow(
      /invalid prefix segment/,
    );
  });
});

describe('glueTableInput', () => {
  it('is the contracts’ one table definition, at the lake’s action_logs/ folder', () => {
    expect(glueTableInput(OPTIONS)).toEqual(actionLogTableInput('s3://my-lake/rireki/action_logs/'));
  });

  it('is the same table as the DDL: columns, partition keys, location, Parquet formats and SerDe', () => {
    // Act
    const table = glueTableInput(OPTIONS);

    // Assess
    const ddl = actionLogTableDdl(OPTIONS);
    expect(table.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type])).toEqual(
      ddlColumns(ddl, '`action_logs` '),
    );
    expect(table.PartitionKeys?.map((c) => [c.Name, c.Type])).toEqual(ddlColumns(ddl, 'PARTITIONED BY '));
    expect(table).toMatchObject({
      Name: 'action_logs',
      TableType: 'EXTERNAL_TABLE',
      Parameters: { EXTERNAL: 'TRUE', classification: 'parquet', 'parquet.compression': 'ZSTD' },
      StorageDescriptor: {
        Location: 's3://my-lake/rireki/action_logs/',
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        SerdeInfo: {
          SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          Parameters: { 'serialization.format': '1' },
        },
      },
    });
  });
});
