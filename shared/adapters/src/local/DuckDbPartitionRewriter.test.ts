import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LakeRow } from '@rireki/contracts';
import { variedLakeRow } from '@rireki/ports/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbParquetEncoder } from './DuckDbParquetEncoder.js';
import { DuckDbPartitionRewriter } from './DuckDbPartitionRewriter.js';
import { asLakeRow } from './testing/asLakeRow.js';

let dir: string;
let encoder: DuckDbParquetEncoder;
let rewriter: DuckDbPartitionRewriter;
let reader: DuckDBInstance;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rireki-rewriter-test-'));
  encoder = await DuckDbParquetEncoder.create({ threads: 1 });
  rewriter = await DuckDbPartitionRewriter.create({ threads: 2, rowGroupSize: 100 });
  reader = await DuckDBInstance.create(':memory:');
});

afterAll(async () => {
  await encoder.close();
  await rewriter.close();
  reader.closeSync();
  await rm(dir, { recursive: true, force: true });
});

/** Writes the rows as ingest files, `perFile` rows each; returns their paths. */
async function ingestFiles(rows: readonly LakeRow[], perFile: number): Promise<string[]> {
  const paths: string[] = [];
  for (let start = 0; start < rows.length; start += perFile) {
    const path = join(dir, `in-${paths.length}-${Math.random().toString(36).slice(2)}.parquet`);
    await writeFile(path, await encoder.encode(rows.slice(start, start + perFile)));
    paths.push(path);
  }
  return paths;
}

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const connection = await reader.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
  }
}

const list = (paths: readonly string[]) => `[${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')}]`;
const byEvent = (a: LakeRow, b: LakeRow) => a.event_id.localeCompare(b.event_id);

describe('DuckDbPartitionRewriter', () => {
  it('keeps one copy of each event, the first received, with every value unchanged', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => variedLakeRow(i));
    // Every third event came twice (a redelivery), the copy received later.
    const copies = rows
      .filter((_, i) => i % 3 === 0)
      .map((row) => ({ ...row, received_at: row.received_at + 5_000 }));
    const inputs = await ingestFiles([...copies.slice(0, 100), ...rows, ...copies.slice(100)], 40);

    const result = await rewriter.rewrite(inputs, { maxRowsPerFile: 1_000 });
    try {
      const read = (await query(`SELECT * FROM read_parquet(${list(result.files)})`)).map(asLakeRow);
      expect(read.sort(byEvent)).toEqual([...rows].sort(byEvent));
      expect(result).toMatchObject({ rowsIn: 800, rowsOut: 600, duplicatesDropped: 200, erasedRows: 0 });
    } finally {
      await result.release();
    }
  });

  it('sorts by user then time across all its files, each at most maxRowsPerFile rows, with the ingest schema', async () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => variedLakeRow(i));
    const inputs = await ingestFiles(rows, 37);

    const result = await rewriter.rewrite(inputs, { maxRowsPerFile: 300 });
    try {
      const perFile = await Promise.all(
        result.files.map((file) => query(`SELECT user_id, occurred_at FROM read_parquet('${file}')`)),
      );
      expect(perFile.map((f) => f.length).every((n) => n <= 300)).toBe(true);
      const order = perFile
        .flat()
        .map((row) => [row.user_id ?? '\uffff', (row.occurred_at as Date).getTime()] as const);
      const sorted = [...order].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
      expect(order).toEqual(sorted);
      const schemaOf = (file: string) =>
        query(`SELECT name, type, converted_type FROM parquet_schema('${file}') ORDER BY name`);
      expect(await schemaOf(result.files[0] as string)).toEqual(await schemaOf(inputs[0] as string));
    } finally {
      await result.release();
    }
  });

  it('drops every row of the erased user, and only those', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => variedLakeRow(i));
    const inputs = await ingestFiles(rows, 50);
    const erased = rows.filter((row) => row.user_id === '7');

    const result = await rewriter.rewrite(inputs, { maxRowsPerFile: 1_000, dropUserId: '7' });
    try {
      const read = (await query(`SELECT * FROM read_parquet(${list(result.files)})`)).map(asLakeRow);
      expect(erased).toHaveLength(1);
      expect(read.sort(byEvent)).toEqual(rows.filter((row) => row.user_id !== '7').sort(byEvent));
      expect(result).toMatchObject({ rowsIn: 300, rowsOut: 299, erasedRows: 1, duplicatesDropped: 0 });
    } finally {
      await result.release();
    }
  });

  it('writes no file when no row is kept', async () => {
    const inputs = await ingestFiles([{ ...variedLakeRow(1), user_id: 'gone' }], 1);

    const result = await rewriter.rewrite(inputs, { maxRowsPerFile: 10, dropUserId: 'gone' });

    expect(result).toMatchObject({ files: [], rowsIn: 1, rowsOut: 0, erasedRows: 1 });
    await result.release();
  });

  it('rewrites a partition larger than its memory limit, spilling the sort to disk', async () => {
    const small = await DuckDbPartitionRewriter.create({
      threads: 2,
      memoryLimit: '256MB',
      rowGroupSize: 10_000,
    });
    try {
      // 600k events, about 125 MB of values (the old window over the whole partition ran out of
      // memory at this limit), and 60k later copies of some.
      const rows = Array.from({ length: 600_000 }, (_, i) => variedLakeRow(i));
      const copies = rows.slice(0, 60_000).map((row) => ({ ...row, received_at: row.received_at + 1_000 }));
      const paths = await ingestFiles([...rows, ...copies], 50_000);

      const result = await small.rewrite(paths, { maxRowsPerFile: 1_000_000 });
      try {
        const [counted] = await query(
          `SELECT count(*)::INTEGER AS n, count(DISTINCT event_id)::INTEGER AS ids FROM read_parquet(${list(result.files)})`,
        );
        expect(counted).toEqual({ n: 600_000, ids: 600_000 });
        expect(result.duplicatesDropped).toBe(60_000);
      } finally {
        await result.release();
      }
    } finally {
      await small.close();
    }
  }, 120_000);

  it('writes the same rows smaller at a higher ZSTD level', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => variedLakeRow(i));
    const inputs = await ingestFiles(rows, 500);
    const sizes: number[] = [];
    for (const compressionLevel of [1, 19]) {
      const leveled = await DuckDbPartitionRewriter.create({ threads: 1, compressionLevel });
      try {
        const result = await leveled.rewrite(inputs, { maxRowsPerFile: 10_000 });
        const read = (await query(`SELECT * FROM read_parquet(${list(result.files)})`)).map(asLakeRow);
        expect(read.sort(byEvent)).toEqual([...rows].sort(byEvent));
        sizes.push(
          (await Promise.all(result.files.map((file) => stat(file)))).reduce((sum, s) => sum + s.size, 0),
        );
        await result.release();
      } finally {
        await leveled.close();
      }
    }
    const [fast, small] = sizes as [number, number];
    expect(small).toBeLessThan(fast * 0.97);
  }, 60_000);
});
