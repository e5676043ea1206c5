import { randomUUID } from 'node:crypto';
import { APP_CODE_PATTERN } from './actionLog.js';
import type { PartitionRef } from './columns.js';
import { LAKE_AREAS } from './constants.js';

/**
 * How objects in the lake are named. Every writer (the ingest worker, and whatever rewrites the
 * lake) builds its keys here, so that a reader can rely on one layout.
 */

const DAY_MS = 86_400_000;
// Events of one batch mostly share a day; formatting a Date per row showed up in profiles.
let lastDay = Number.NaN;
let lastDate = '';

/** YYYY-MM-DD of an epoch-millisecond instant, in UTC: the `dt` of its partition. */
export function utcDate(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  if (day !== lastDay) {
    lastDate = new Date(epochMs).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDate;
}

/** YYYY-MM-DD of every UTC day from the one holding `firstMs` to the one holding `lastMs`. */
export function utcDatesBetween(firstMs: number, lastMs: number): string[] {
  const dates: string[] = [];
  for (let day = Math.floor(firstMs / DAY_MS) * DAY_MS; day <= lastMs; day += DAY_MS) {
    dates.push(new Date(day).toISOString().slice(0, 10));
  }
  return dates;
}

/** 20261124T093000123Z: sorts by time and is safe in any file system and S3 key. */
export function compactTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:.]/g, '');
}

/** `app=<app>/dt=<dt>`: the Hive-style path of a partition under the table area. */
export function partitionPath(partition: PartitionRef): string {
  return `app=${partition.app}/dt=${partition.dt}`;
}

/** The stable key a partition is buffered and cached under. */
export function partitionKey(partition: PartitionRef): string {
  return partitionPath(partition);
}

/** A new Parquet file of a partition: `action_logs/app=…/dt=…/<time>-<uuid>.parquet`. */
export function tableFileKey(partition: PartitionRef, nowMs: number): string {
  return `${LAKE_AREAS.table}/${partitionPath(partition)}/${compactTimestamp(nowMs)}-${randomUUID()}.parquet`;
}

/** A new quarantine file, by the UTC day it was written: `quarantine/dt=…/<time>-<uuid>.jsonl`. */
export function quarantineFileKey(nowMs: number): string {
  return `${LAKE_AREAS.quarantine}/dt=${utcDate(nowMs)}/${compactTimestamp(nowMs)}-${randomUUID()}.jsonl`;
}

/** A file a rewrite writes into a partition: `action_logs/app=…/dt=…/<rewrite id>-<n>.parquet`. */
export function rewrittenFileKey(partition: PartitionRef, rewriteId: string, index: number): string {
  return `${LAKE_AREAS.table}/${partitionPath(partition)}/${rewriteId}-${String(index).padStart(4, '0')}.parquet`;
}

/** Where every replacement record is kept, one folder per partition below it: `_maintenance/replaced`. */
export const REPLACEMENTS_ROOT = `${LAKE_AREAS.maintenance}/replaced`;

/** The folder of an app's replacement records, every date's: `_maintenance/replaced/app=…`. */
export function appReplacementsFolder(app: string): string {
  return `${REPLACEMENTS_ROOT}/app=${app}`;
}

/** The folder of a partition's replacement records: `_maintenance/replaced/app=…/dt=…`. */
export function replacementsFolder(partition: PartitionRef): string {
  return `${REPLACEMENTS_ROOT}/${partitionPath(partition)}`;
}

/** One rewrite's replacement record: `_maintenance/replaced/app=…/dt=…/<rewrite id>.json`. */
export function replacementKey(partition: PartitionRef, rewriteId: string): string {
  return `${replacementsFolder(partition)}/${rewriteId}.json`;
}

const REWRITTEN_FILE = /\/(\d{8}T\d{9}Z-r[0-9a-f]{8})-\d{4}\.parquet$/;
const WRITTEN_AT = /\/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z[^/]*\.parquet$/;

/** Whether a table file was written by a rewrite (compaction, erasure) rather than by ingest. */
export function isRewrittenFileKey(key: string): boolean {
  return REWRITTEN_FILE.test(key);
}

/** The id of the rewrite that wrote a table file, or null for an ingest file. */
export function rewriteIdOf(key: string): string | null {
  return REWRITTEN_FILE.exec(key)?.[1] ?? null;
}

/** When a table file was written, by the compactTimestamp its name starts with; null for a foreign name. */
export function writtenAtMs(key: string): number | null {
  const match = WRITTEN_AT.exec(key);
  if (!match) return null;
  const [y, mo, d, h, mi, s, ms] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** A new rewrite's id: sorts by time, unique across workers (`20261124T093000123Z-<8 hex>`). */
export function newRewriteId(nowMs: number): string {
  return `${compactTimestamp(nowMs)}-r${randomUUID().slice(0, 8)}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Why a partition cannot be catalogued, or null when it can: the app must match the app-code pattern
 * and dt must be a real calendar date written YYYY-MM-DD. Every catalog checks it before it writes,
 * so a value that reaches a path, Glue or Athena DDL text holds nothing but `[a-z0-9_-]` and a date.
 */
export function partitionProblem(partition: PartitionRef): string | null {
  if (!APP_CODE_PATTERN.test(partition.app)) {
    return `app "${partition.app}" does not match ${APP_CODE_PATTERN.source}`;
  }
  const date = DATE.exec(partition.dt);
  const [year, month, day] = date ? [Number(date[1]), Number(date[2]), Number(date[3])] : [0, 0, 0];
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (!date || utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    return `dt "${partition.dt}" is not a date written YYYY-MM-DD`;
  }
  return null;
}

/** The folder of the quarantine files written on one UTC day: `quarantine/dt=<dt>/`. */
export function quarantineDayFolder(dt: string): string {
  return `${LAKE_AREAS.quarantine}/dt=${dt}/`;
}

/** Whether a key under the quarantine area is a quarantine file (rather than a replay marker). */
export function isQuarantineFileKey(key: string): boolean {
  return key.startsWith(`${LAKE_AREAS.quarantine}/dt=`) && key.endsWith('.jsonl');
}

/**
 * The marker of a replayed record, next to its quarantine file, in the same `dt=` folder so that it
 * expires with the file: `quarantine/dt=…/<file name>.replayed/<line>.json`.
 */
export function replayMarkerKey(file: string, line: number): string {
  return `${file.replace(/\.jsonl$/, '')}.replayed/${line}.json`;
}

const REPLAY_MARKER = /^(.+)\.replayed\/(\d+)\.json$/;

/** The record a replay marker marks, or null when the key is not a marker. */
export function replayMarkerPlace(key: string): { readonly file: string; readonly line: number } | null {
  const match = REPLAY_MARKER.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return { file: `${match[1]}.jsonl`, line: Number(match[2]) };
}
