import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LAKE_AREAS, utcDate } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import type { LakeStatus } from './statusReport.js';

const DAY_MS = 86_400_000;

/**
 * Files and partitions per app, the lake's size (a directory lake only: S3 lists sizes only through
 * its own API, so it is left to S3's storage metrics) and the records quarantined in the last 24 h.
 */
export async function lakeFigures(
  store: ObjectStore,
  directory: string | null,
  nowMs: number,
): Promise<LakeStatus> {
  const tableKeys = (await store.list(`${LAKE_AREAS.table}/`)).filter((key) => key.endsWith('.parquet'));
  const apps = new Map<string, { partitions: Set<string>; files: number }>();
  for (const key of tableKeys) {
    const match = /^[^/]+\/app=([^/]+)\/dt=([^/]+)\//.exec(key);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const app = apps.get(match[1]) ?? { partitions: new Set<string>(), files: 0 };
    app.partitions.add(match[2]);
    app.files += 1;
    apps.set(match[1], app);
  }
  return {
    location: store.location,
    apps: [...apps]
      .map(([app, { partitions, files }]) => ({ app, partitions: partitions.size, files }))
      .sort((a, b) => a.app.localeCompare(b.app)),
    bytes: directory === null ? null : await directoryBytes(directory, await store.list('')),
    quarantinedLast24h: await quarantinedSince(store, nowMs - DAY_MS, nowMs),
  };
}

async function directoryBytes(directory: string, keys: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const key of keys) bytes += (await stat(join(directory, key)).catch(() => ({ size: 0 }))).size;
  return bytes;
}

/** Quarantine records of the two UTC days that the last 24 h touch, counted by their own time. */
async function quarantinedSince(store: ObjectStore, sinceMs: number, nowMs: number): Promise<number> {
  let records = 0;
  for (const day of new Set([utcDate(sinceMs), utcDate(nowMs)])) {
    for (const key of await store.list(`${LAKE_AREAS.quarantine}/dt=${day}/`)) {
      const body = await store.get(key);
      if (body === null) continue;
      for (const line of Buffer.from(body).toString('utf8').split('\n')) {
        if (line === '') continue;
        const at = Date.parse((JSON.parse(line) as { quarantinedAt?: string }).quarantinedAt ?? '');
        if (!Number.isNaN(at) && at >= sinceMs) records += 1;
      }
    }
  }
  return records;
}
