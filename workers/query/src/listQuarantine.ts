import { type QuarantinedRecord, type QuarantinePlace, readQuarantine } from '@rireki/adapters';
import {
  QUARANTINE_LIMITS,
  QUARANTINE_REQUEST_KIND,
  type QuarantineEntry,
  type QuarantineListOkReply,
  type QuarantineListRequest,
  QuarantinePlaceSchema,
} from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { SearchError } from './SearchError.js';

/**
 * One page of the quarantine, oldest first, of the apps the requester may see (`'all'`: a grant
 * of every app, which also sees records without an app). Keyset paging on (file, line): quarantine
 * files are never rewritten, so a cursor stays valid while its file is kept.
 */
export async function listQuarantine(
  store: ObjectStore,
  request: QuarantineListRequest,
  apps: readonly string[] | 'all',
): Promise<QuarantineListOkReply> {
  const after = request.cursor === undefined ? undefined : decodePlace(request.cursor);
  const records: QuarantineEntry[] = [];
  let more = false;
  for await (const found of readQuarantine(store, {
    from: request.from,
    to: request.to,
    ...(apps === 'all' ? {} : { apps }),
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    ...(after === undefined ? {} : { after }),
  })) {
    if (records.length === request.limit) {
      more = true;
      break;
    }
    records.push(toEntry(found));
  }
  const last = records.at(-1);
  const nextCursor = more && last ? encodePlace(last) : null;
  return { ok: true, kind: QUARANTINE_REQUEST_KIND, records, nextCursor };
}

function toEntry(found: QuarantinedRecord): QuarantineEntry {
  const { record } = found;
  const raw = JSON.stringify(record.raw) ?? 'null';
  const rawBytes = Buffer.byteLength(raw);
  const rawTruncated = rawBytes > QUARANTINE_LIMITS.maxRawBytes;
  return {
    file: found.file,
    line: found.line,
    app: found.app,
    quarantinedAt: record.quarantinedAt,
    messageId: record.messageId,
    index: record.index,
    reason: record.reason,
    problems: record.problems,
    eventId: found.eventId,
    raw: rawTruncated ? cutToBytes(raw, QUARANTINE_LIMITS.maxRawBytes) : raw,
    rawBytes,
    rawTruncated,
    replayed: found.replayed,
  };
}

/** The longest prefix of `text` within `bytes` UTF-8 bytes, never splitting a character. */
function cutToBytes(text: string, bytes: number): string {
  const cut = Buffer.from(text).subarray(0, bytes).toString('utf8');
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
}

function encodePlace(place: QuarantinePlace): string {
  return Buffer.from(JSON.stringify({ file: place.file, line: place.line })).toString('base64url');
}

function decodePlace(cursor: string): QuarantinePlace {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = QuarantinePlaceSchema.safeParse(value);
  if (!parsed.success) {
    throw new SearchError('INVALID_CURSOR', 'cursor is not a nextCursor of a quarantine list');
  }
  return parsed.data;
}
