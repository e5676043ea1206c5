import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DirectoryObjectStore,
  DuckDbParquetEncoder,
  DuckDbPartitionRewriter,
  DuckDbQueryEngine,
  LocalPartitionCatalog,
  livePartitionFiles,
} from '@rireki/adapters';
import { compactTimestamp, type LakeRow, type PartitionRef, partitionPath } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { variedLakeRow } from '@rireki/ports/testing';
import { pino } from 'pino';
import { type MaintenanceEvents, maintenanceEvents } from '../events.js';

export const SHOP: PartitionRef = { app: 'shop', dt: '2026-11-23' };

/** A directory lake with the real encoder, rewriter, catalog and DuckDB engine, and a manual clock. */
export interface MaintenanceLake {
  readonly dir: string;
  readonly store: DirectoryObjectStore;
  readonly catalog: LocalPartitionCatalog;
  readonly rewriter: DuckDbPartitionRewriter;
  readonly events: MaintenanceEvents;
  readonly logs: Array<Record<string, unknown>>;
  /** The clock the maintenance steps read; tests move it. */
  readonly clock: { now: number };
  /** Writes `rows` as ingest files of `perFile` rows each, named as the ingest worker names them. */
  writeIngestFiles(
    partition: PartitionRef,
    rows: readonly LakeRow[],
    perFile: number,
    store?: ObjectStore,
  ): Promise<string[]>;
  /** Every row a search engine reads from the partition's live files: [event_id, occurred_at] pairs. */
  searchableRows(partition: PartitionRef): Promise<Array<{ eventId: string; occurredAt: number }>>;
  close(): Promise<void>;
}

/** Rows 0…n-1 of one day, each a distinct event. */
export function dayRows(n: number, offset = 0): LakeRow[] {
  return Array.from({ length: n }, (_, i) => variedLakeRow(offset + i)).map((row) => ({
    ...row,
    occurred_at: Date.parse(`${SHOP.dt}T00:00:00Z`) + (row.occurred_at % 86_400_000),
  }));
}

export async function openMaintenanceLake(): Promise<MaintenanceLake> {
  const dir = await mkdtemp(join(tmpdir(), 'rireki-maintenance-'));
  const store = new DirectoryObjectStore(join(dir, 'lake'));
  const catalog = new LocalPartitionCatalog(join(dir, 'lake', '_catalog'));
  const encoder = await DuckDbParquetEncoder.create({ threads: 1 });
  const rewriter = await DuckDbPartitionRewriter.create({ threads: 2 });
  const engine = await DuckDbQueryEngine.create({
    lakeDir: join(dir, 'lake'),
    catalog,
    connections: 1,
    threads: 1,
  });
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const clock = { now: Date.parse('2026-11-25T00:00:00Z') };
  let written = 0;
  return {
    dir,
    store,
    catalog,
    rewriter,
    events: maintenanceEvents(logger),
    logs,
    clock,
    async writeIngestFiles(partition, rows, perFile, target = store) {
      await catalog.register(partition);
      const keys: string[] = [];
      for (let start = 0; start < rows.length; start += perFile) {
        // Named by write time, a millisecond apart, the way the ingest worker names its files.
        const at = clock.now - 3_600_000 + written++;
        const key = `action_logs/${partitionPath(partition)}/${compactTimestamp(at)}-${written}.parquet`;
        await target.put(key, await encoder.encode(rows.slice(start, start + perFile)));
        keys.push(key);
      }
      return keys;
    },
    async searchableRows(partition) {
      const source = await engine.source([partition]);
      if (source === null) return [];
      const result = await engine.query(
        { sql: `SELECT event_id, occurred_at FROM ${source.sql}`, params: source.params },
        { timeoutMs: 30_000 },
      );
      return result.rows.map((row) => ({
        eventId: String(row.event_id),
        occurredAt: Number(row.occurred_at),
      }));
    },
    async close() {
      await engine.close();
      await encoder.close();
      await rewriter.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The partition's live files now. */
export async function liveKeys(store: ObjectStore, partition: PartitionRef): Promise<readonly string[]> {
  return (await livePartitionFiles(store, partition)).keys;
}
