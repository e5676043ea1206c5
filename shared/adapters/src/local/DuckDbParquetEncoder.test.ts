import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ACTION_LOG_COLUMNS, COLUMN_KINDS } from '@rireki/contracts';
import { variedLakeRow as lakeRow } from '@rireki/ports/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbParquetEncoder } from './DuckDbParquetEncoder.js';
import { asLakeRow } from './testing/asLakeRow.js';

let dir: string;
let encoder: DuckDbParquetEncoder;
let reader: { instance: DuckDBInstance; connection: DuckDBConnection };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rireki-encoder-test-'));
  encoder = await DuckDbParquetEncoder.create({ threads: 1 });
  const instance = await DuckDBInstance.create(':memory:');
  reader = { instance, connection: await instance.connect() };
});

afterEach(async () => {
  await encoder.close();
  reader.connection.closeSync();
  reader.instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const BASE_MS = Date.UTC(2026, 10, 23, 15, 30, 0, 0);

async function writeParquet(bytes: Uint8Array, name = 'rows.parquet'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const result = await reader.connection.runAndReadAll(sql);
  return result.getRowObjectsJS() as Array<Record<string, unknown>>;
}

const sqlPath = (path: string) => `'${path.replaceAll("'", "''")}'`;

interface SchemaNode {
  readonly name: string;
  readonly type: unknown;
  readonly converted_type: unknown;
  readonly children: SchemaNode[];
}

/** parquet_schema() lists the schema tree depth first; rebuild the tree to tell top-level columns apart. */
function schemaTree(rows: Array<Record<string, unknown>>): SchemaNode {
  let next = 0;
  const read = (): SchemaNode => {
    const row = rows[next++];
    if (row === undefined) throw new Error('parquet_schema ended early');
    const node: SchemaNode = {
      name: String(row.name),
      type: row.type,
      converted_type: row.converted_type,
      children: [],
    };
    for (let n = 0; n < Number(row.num_children ?? 0); n++) node.children.push(read());
    return node;
  };
  return read();
}

// What every encoder promises (rows read back unchanged and in order, concurrent calls, refusals) is
// in ParquetEncoder.contract.test.ts; these are the file's own: its schema, types and compression.
describe('DuckDbParquetEncoder', () => {
  it('keeps an event at the contract size limit and text that JSON must escape', async () => {
    // Prepare: a 256 KiB params value, and strings with quotes, newlines, separators and emoji.
    const tricky = 'a "quoted"\nline\u2028sep\ttab \\ back 🍣 注文';
    const rows = [
      { ...lakeRow(0), params: JSON.stringify({ blob: 'x'.repeat(256 * 1024) }) },
      { ...lakeRow(1), action: tricky, path: `/${tricky}`, attributes: { [tricky]: tricky } },
      lakeRow(2),
    ];

    // Act
    const path = await writeParquet(await encoder.encode(rows));

    // Assess
    const read = await query(`SELECT * FROM read_parquet(${sqlPath(path)})`);
    expect(read.map(asLakeRow)).toEqual(rows);
  });

  it('stores timestamps at millisecond precision', async () => {
    // Prepare
    const rows = [1, 999, 123].map((ms, i) => ({
      ...lakeRow(i),
      occurred_at: BASE_MS + ms,
      received_at: BASE_MS + ms + 1,
    }));

    // Act
    const path = await writeParquet(await encoder.encode(rows));

    // Assess
    const read = await query(
      `SELECT epoch_ms(occurred_at) AS occurred_at, epoch_ms(received_at) AS received_at FROM read_parquet(${sqlPath(path)})`,
    );
    expect(read.map((row) => [Number(row.occurred_at), Number(row.received_at)])).toEqual(
      rows.map((row) => [row.occurred_at, row.received_at]),
    );
  });

  it('has exactly the columns of ACTION_LOG_COLUMNS, each with the Parquet types COLUMN_KINDS declares', async () => {
    // Prepare
    const rows = Array.from({ length: 20 }, (_, i) => lakeRow(i));

    // Act
    const path = await writeParquet(await encoder.encode(rows));

    // Assess
    const root = schemaTree(await query(`SELECT * FROM parquet_schema(${sqlPath(path)})`));
    const actual = root.children.map((column) => ({
      name: column.name,
      physicalType: column.type ?? null,
      convertedType: column.converted_type ?? null,
    }));
    const expected = ACTION_LOG_COLUMNS.map((column) => ({
      name: column.name,
      physicalType: COLUMN_KINDS[column.kind].parquet.physicalType,
      convertedType: COLUMN_KINDS[column.kind].parquet.convertedType,
    }));
    expect(actual).toEqual(expected);
  });

  it('writes the string map as a MAP of UTF8 keys to UTF8 values', async () => {
    // Prepare
    const rows = [lakeRow(2)];

    // Act
    const path = await writeParquet(await encoder.encode(rows));

    // Assess
    const root = schemaTree(await query(`SELECT * FROM parquet_schema(${sqlPath(path)})`));
    const attributes = root.children.find((column) => column.name === 'attributes');
    const leaves = attributes?.children.flatMap((group) => group.children) ?? [];
    expect(attributes?.converted_type).toBe('MAP');
    expect(leaves.map((leaf) => [leaf.name, leaf.type, leaf.converted_type])).toEqual([
      ['key', 'BYTE_ARRAY', 'UTF8'],
      ['value', 'BYTE_ARRAY', 'UTF8'],
    ]);
  });

  it('compresses every column chunk with ZSTD', async () => {
    // Prepare
    const rows = Array.from({ length: 50 }, (_, i) => lakeRow(i));

    // Act
    const path = await writeParquet(await encoder.encode(rows));

    // Assess
    const chunks = await query(`SELECT path_in_schema, compression FROM parquet_metadata(${sqlPath(path)})`);
    expect(chunks.length).toBeGreaterThanOrEqual(ACTION_LOG_COLUMNS.length);
    expect(new Set(chunks.map((chunk) => chunk.compression))).toEqual(new Set(['ZSTD']));
  });
});
