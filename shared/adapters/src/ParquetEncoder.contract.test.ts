import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LakeRow } from '@rireki/contracts';
import { parquetEncoderContract } from '@rireki/ports/testing';
import { DuckDbParquetEncoder } from './local/DuckDbParquetEncoder.js';
import { asLakeRow } from './local/testing/asLakeRow.js';

// The encoder the ingest worker is given. Its files are read back by a DuckDB instance of their
// own, the way the local engine reads the lake (Athena reads the same files on AWS).

async function readWithDuckDb(file: Uint8Array): Promise<LakeRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'rireki-encoder-contract-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const path = join(dir, 'rows.parquet');
    await writeFile(path, file);
    const result = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')`,
    );
    return result.getRowObjectsJS().map((row) => asLakeRow(row as Record<string, unknown>));
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

parquetEncoderContract(
  'DuckDbParquetEncoder',
  async () => {
    const encoder = await DuckDbParquetEncoder.create({ threads: 1 });
    return { encoder, close: () => encoder.close() };
  },
  readWithDuckDb,
);
