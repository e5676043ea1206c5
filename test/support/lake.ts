import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Reads the lake's Parquet files with DuckDB, the way the local engine does. */
export async function queryLake<T extends Record<string, unknown>>(
  lakeDir: string,
  sql: (files: string) => string,
): Promise<T[]> {
  const files = await parquetFiles(lakeDir);
  if (files.length === 0) return [];
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = `[${files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ')}]`;
    const reader = `read_parquet(${list}, hive_partitioning = true)`;
    const result = await connection.runAndReadAll(sql(reader));
    return result.getRowObjectsJS() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function parquetFiles(lakeDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(lakeDir, 'action_logs'), { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

export async function rowCount(lakeDir: string): Promise<number> {
  const rows = await queryLake<{ n: bigint }>(lakeDir, (files) => `SELECT count(*) AS n FROM ${files}`);
  return Number(rows[0]?.n ?? 0);
}
