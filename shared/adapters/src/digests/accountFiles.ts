import { LAKE_AREAS, replayMarkerPlace } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { sha256Hex } from './digestRecords.js';
import type { FoundRecord, VerifyFailure } from './verifyChains.js';

/** Which part of the lake to account for; the whole lake when empty. */
export interface VerifyScope {
  readonly app?: string;
  /** First and last `dt` (YYYY-MM-DD), both included. */
  readonly fromDate?: string;
  readonly toDate?: string;
}

export interface FilesAccounted {
  readonly files: number;
  readonly bytes: number;
  readonly failures: VerifyFailure[];
}

interface Known {
  readonly sha256: string;
  readonly bytes: number;
  readonly source: string;
  readonly sealed: boolean;
}

interface Removal {
  readonly sha256: string;
  readonly source: string;
  readonly reason: string;
  /** A rewrite's replaced files stay until their grace has passed. */
  readonly rewrite: boolean;
}

/**
 * Every file of the table and quarantine areas in scope against the records: each listed file
 * must be recorded (or it is foreign) with its hash and size (or it was changed), unless a record
 * removed it, and each recorded file not removed must be present. A file replaced by a rewrite may
 * stay while a replacement record still lists it (the grace searches need). A pending record's
 * file may be absent: its work may not have happened yet. `listed` is taken before the records
 * were read, so every file in it had its record durable by then.
 */
export async function accountFiles(
  store: ObjectStore,
  listed: readonly string[],
  found: readonly FoundRecord[],
  replacedNow: ReadonlySet<string>,
  scope: VerifyScope,
  onFile: (bytes: number) => void = () => undefined,
): Promise<FilesAccounted> {
  const failures: VerifyFailure[] = [];
  const known = new Map<string, Known>();
  const removed = new Map<string, Removal>();
  const seen = new Map<string, string>();

  for (const { record, source, sealed } of found) {
    const text = JSON.stringify(record);
    const earlier = seen.get(record.id);
    if (earlier !== undefined) {
      // A record sealed twice (a crash between a digest and its pending records' deletion) is one record.
      if (earlier !== text)
        failures.push({ place: source, problem: `holds record ${record.id} with other content than before` });
      continue;
    }
    seen.set(record.id, text);
    const adds = record.op === 'add' ? [record.file] : record.op === 'rewrite' ? record.added : [];
    for (const file of adds) {
      const before = known.get(file.key);
      if (before && before.sha256 !== file.sha256)
        failures.push({
          place: source,
          problem: `records ${file.key} with SHA-256 ${file.sha256}, but ${before.source} recorded ${before.sha256}`,
        });
      known.set(file.key, { sha256: file.sha256, bytes: file.bytes, source, sealed });
    }
    if (record.op === 'add') continue;
    for (const file of record.removed)
      removed.set(file.key, {
        sha256: file.sha256,
        source,
        reason: record.op === 'rewrite' ? record.reason : 'retention',
        rewrite: record.op === 'rewrite',
      });
  }
  for (const [key, removal] of removed) {
    const added = known.get(key);
    if (added && added.sha256 !== removal.sha256)
      failures.push({
        place: removal.source,
        problem: `removes ${key} with SHA-256 ${removal.sha256}, but it was recorded with ${added.sha256}`,
      });
  }

  let files = 0;
  let bytes = 0;
  const present = new Set<string>();
  for (const key of [...listed].sort()) {
    if (!inScope(key, scope)) continue;
    present.add(key);
    const record = known.get(key);
    const removal = removed.get(key);
    if (record === undefined) {
      failures.push({
        place: key,
        problem:
          'is in no digest and no pending record: a file rireki did not write (or its digest was removed)',
      });
      continue;
    }
    if (removal !== undefined && !(removal.rewrite && replacedNow.has(key))) {
      // Maintenance may delete it between the listing and now: only a file still there counts.
      if ((await store.get(key)) !== null)
        failures.push({
          place: key,
          problem: `was removed by ${removal.source} (${removal.reason}) but is present`,
        });
      continue;
    }
    // A file a rewrite replaced waits out its grace as it was written: its hash is checked too.
    const body = await store.get(key);
    if (body === null) {
      present.delete(key);
      continue;
    }
    files++;
    bytes += body.byteLength;
    onFile(body.byteLength);
    if (body.byteLength !== record.bytes) {
      failures.push({
        place: key,
        problem: `is ${body.byteLength} bytes, but ${record.source} recorded ${record.bytes} (it was changed)`,
      });
      continue;
    }
    const sha256 = sha256Hex(body);
    if (sha256 !== record.sha256)
      failures.push({
        place: key,
        problem: `has SHA-256 ${sha256}, but ${record.source} recorded ${record.sha256} (it was changed)`,
      });
  }
  for (const [key, record] of known) {
    if (present.has(key) || removed.has(key) || !inScope(key, scope)) continue;
    // Work a pending record announces may not have happened; a sealed record's file must be there.
    if (!record.sealed) continue;
    failures.push({
      place: key,
      problem: `is recorded by ${record.source} but is not in the lake (it was deleted)`,
    });
  }
  return { files, bytes, failures };
}

/**
 * Whether a lake key of the table or quarantine area is within the scope. With no scope every key
 * is, even one outside any partition; with one, a key is placed by its `app=` and `dt=` folders.
 */
export function inScope(key: string, scope: VerifyScope): boolean {
  if (scope.app === undefined && scope.fromDate === undefined && scope.toDate === undefined) return true;
  const table = /^action_logs\/app=([^/]+)\/dt=(\d{4}-\d{2}-\d{2})\//.exec(key);
  const quarantine = /^quarantine\/dt=(\d{4}-\d{2}-\d{2})\//.exec(key);
  const dt = table?.[2] ?? quarantine?.[1];
  if (dt === undefined) return false;
  // The quarantine holds every app's input: an app's scope leaves it out.
  if (quarantine && scope.app !== undefined) return false;
  if (table && scope.app !== undefined && table[1] !== scope.app) return false;
  if (scope.fromDate !== undefined && dt < scope.fromDate) return false;
  if (scope.toDate !== undefined && dt > scope.toDate) return false;
  return true;
}

/** Every object of the table and quarantine areas; replay markers are the CLI's notes, not data. */
export async function listAccountable(store: ObjectStore): Promise<string[]> {
  const [table, quarantine] = await Promise.all([
    store.list(LAKE_AREAS.table),
    store.list(LAKE_AREAS.quarantine),
  ]);
  return [...table, ...quarantine.filter((key) => replayMarkerPlace(key) === null)];
}
