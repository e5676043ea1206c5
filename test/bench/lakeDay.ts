import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DirectoryObjectStore } from '@rireki/adapters';
import { LAKE_AREAS, type LakeRow, type PartitionRef, parseLakeRow, partitionPath } from '@rireki/contracts';
import type { ParquetEncoder } from '@rireki/ports';
import { benchEvents } from './benchEvents.js';

/** Rows per file, as the ingest worker writes them from a busy queue (its local row limit). */
export const ROWS_PER_FILE = 50_000;

/** One day of bench traffic for every app: its events are numbered from `seed`, unique across the lake. */
export interface LakeDay {
  readonly dayStartMs: number;
  readonly events: number;
  readonly seed: number;
  /** When the rows count as received: the lake's end, so every row is in a search's snapshot. */
  readonly receivedAtMs: number;
}

export interface LakeDayTargets {
  readonly encoder: ParquetEncoder;
  readonly store: DirectoryObjectStore;
  /** Root of the JSON-lines layout: `app=<app>/<yyyy-mm-dd>.jsonl`, one event per line; null for none. */
  readonly jsonDir: string | null;
}

/**
 * Writes one day of events in both layouts: Parquet files through the ingest worker's own row
 * mapping and encoder, at most ROWS_PER_FILE rows each, and the events as the app sent them
 * appended to the day's JSON-lines file per app (the older design's daily object). Returns the
 * partitions written, for the caller to register.
 */
export async function writeLakeDay(day: LakeDay, targets: LakeDayTargets): Promise<PartitionRef[]> {
  const events = benchEvents(day.events, { seed: day.seed, days: 1, startMs: day.dayStartMs });
  const perApp = new Map<string, { partition: PartitionRef; rows: LakeRow[]; lines: string[] }>();
  for (const [index, event] of events.entries()) {
    const result = parseLakeRow(event, { messageId: 'bench', index, receivedAtMs: day.receivedAtMs });
    if (!result.ok) throw new Error(`bench event ${index} is invalid: ${JSON.stringify(result.problems)}`);
    let entry = perApp.get(result.partition.app);
    if (!entry) {
      entry = { partition: result.partition, rows: [], lines: [] };
      perApp.set(result.partition.app, entry);
    }
    if (entry.partition.dt !== result.partition.dt) throw new Error(`bench day spans two dates: ${day.seed}`);
    entry.rows.push(result.row);
    if (targets.jsonDir !== null) entry.lines.push(JSON.stringify(event));
  }
  for (const { partition, rows, lines } of perApp.values()) {
    for (let first = 0; first < rows.length; first += ROWS_PER_FILE) {
      const bytes = await targets.encoder.encode(rows.slice(first, first + ROWS_PER_FILE));
      const key = `${LAKE_AREAS.table}/${partitionPath(partition)}/bench-${day.seed}-${first}.parquet`;
      await targets.store.put(key, bytes);
    }
    if (targets.jsonDir === null) continue;
    const appDir = join(targets.jsonDir, `app=${partition.app}`);
    await mkdir(appDir, { recursive: true });
    await appendFile(join(appDir, `${partition.dt}.jsonl`), `${lines.join('\n')}\n`);
  }
  return [...perApp.values()].map((entry) => entry.partition);
}
