import {
  APP_CODE_PATTERN,
  isQuarantineFileKey,
  type QuarantineLine,
  QuarantineLineSchema,
  type QuarantineReplay,
  QuarantineReplaySchema,
  quarantineDayFolder,
  replayMarkerKey,
  replayMarkerPlace,
  StorageError,
  utcDatesBetween,
} from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

/** A record's place: the quarantine file's key and its line, from 0. */
export interface QuarantinePlace {
  readonly file: string;
  readonly line: number;
}

/** One quarantined record read back from the lake, with its place and its replay mark. */
export interface QuarantinedRecord extends QuarantinePlace {
  readonly record: QuarantineLine;
  /** The app code of the raw event; null when it has none (or the message was unreadable). */
  readonly app: string | null;
  /** The raw event's own eventId; null when it has none. */
  readonly eventId: string | null;
  readonly replayed: QuarantineReplay | null;
}

/** Which records to read: the UTC dates they were quarantined on, and what they must match. */
export interface QuarantineSelection {
  /** First and last date, YYYY-MM-DD, both included. */
  readonly from: string;
  readonly to: string;
  /** Only records of these apps; undefined: every record, app-less ones included. */
  readonly apps?: readonly string[];
  /** Case-insensitive substring of the reason or of a problem's path or message. */
  readonly reason?: string;
  /** Only records strictly after this place. */
  readonly after?: QuarantinePlace;
}

const DAY_MS = 86_400_000;

/**
 * The matching quarantined records in (file, line) order, oldest first: the area is listed one
 * day at a time and each file read once, so a page stops reading as soon as it is full. Works on
 * any ObjectStore (the directory lake, S3).
 */
export async function* readQuarantine(
  store: ObjectStore,
  selection: QuarantineSelection,
): AsyncGenerator<QuarantinedRecord> {
  const apps = selection.apps === undefined ? null : new Set(selection.apps);
  const needle = selection.reason?.toLowerCase();
  const after = selection.after;
  const days = utcDatesBetween(Date.parse(selection.from), Date.parse(selection.to) + DAY_MS - 1);
  for (const day of days) {
    const folder = quarantineDayFolder(day);
    // A later page starts on its cursor's day: the days before it are not listed again.
    if (after !== undefined && folder < after.file && !after.file.startsWith(folder)) continue;
    const keys = await store.list(folder);
    const files = keys.filter(isQuarantineFileKey).sort();
    const marked = new Set(keys.filter((key) => replayMarkerPlace(key) !== null));
    for (const file of files) {
      if (after !== undefined && file < after.file) continue;
      const lines = await readQuarantineFile(store, file);
      for (const [line, record] of lines.entries()) {
        if (after !== undefined && file === after.file && line <= after.line) continue;
        const app = appOf(record.raw);
        if (apps !== null && (app === null || !apps.has(app))) continue;
        if (needle !== undefined && !reasonText(record).includes(needle)) continue;
        const markerKey = replayMarkerKey(file, line);
        const replayed = marked.has(markerKey) ? await readReplayMarker(store, markerKey) : null;
        yield { file, line, record, app, eventId: eventIdOf(record.raw), replayed };
      }
    }
  }
}

/** The records of one quarantine file, line by line; a line that is not a record is a StorageError. */
export async function readQuarantineFile(store: ObjectStore, file: string): Promise<QuarantineLine[]> {
  const bytes = await store.get(file);
  if (bytes === null) return [];
  const text = new TextDecoder().decode(bytes);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      const parsed = QuarantineLineSchema.safeParse(parseJson(line));
      if (!parsed.success) {
        throw new StorageError(`quarantine file ${file} line ${index} is not a quarantine record`, {
          retryable: false,
        });
      }
      return parsed.data;
    });
}

/** Marks a record replayed; a later replay of it is refused unless forced. */
export async function markReplayed(
  store: ObjectStore,
  place: QuarantinePlace,
  replay: QuarantineReplay,
): Promise<void> {
  await store.put(replayMarkerKey(place.file, place.line), `${JSON.stringify(replay)}\n`);
}

async function readReplayMarker(store: ObjectStore, key: string): Promise<QuarantineReplay | null> {
  const bytes = await store.get(key);
  if (bytes === null) return null;
  const parsed = QuarantineReplaySchema.safeParse(parseJson(new TextDecoder().decode(bytes)));
  // A marker that cannot be read still says the record was replayed.
  return parsed.success ? parsed.data : { replayedAt: 'unknown', eventId: 'unknown' };
}

function reasonText(record: QuarantineLine): string {
  return [record.reason, ...record.problems.flatMap((problem) => [problem.path, problem.message])]
    .join('\n')
    .toLowerCase();
}

function appOf(raw: unknown): string | null {
  const app = fieldOf(raw, 'app');
  return typeof app === 'string' && APP_CODE_PATTERN.test(app) ? app : null;
}

function eventIdOf(raw: unknown): string | null {
  const eventId = fieldOf(raw, 'eventId');
  return typeof eventId === 'string' && eventId !== '' ? eventId : null;
}

function fieldOf(raw: unknown, name: string): unknown {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)[name]
    : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
