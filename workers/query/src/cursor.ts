import { createHash } from 'node:crypto';
import type { SearchRequest } from '@rireki/contracts';
import { z } from 'zod';
import { SearchError } from './SearchError.js';
import { instantMs } from './sql/searchScope.js';

/** Where a row sorts: by occurred_at, then event_id, then app. */
export interface RowKey {
  readonly occurredAtMs: number;
  readonly eventId: string;
  readonly app: string;
}

export type SearchOrder = SearchRequest['order'];

/** What a page hands to the next one: where it stopped, and which search at which moment it belongs to. */
export interface SearchCursor {
  /** The last row returned; the next page starts strictly after it. */
  readonly after: RowKey;
  readonly order: SearchOrder;
  /** Rows received after this instant (epoch ms) are left out of every page, so pages never shift. */
  readonly snapshotMs: number;
  /** searchHash of the request the cursor was made for. */
  readonly requestHash: string;
}

const CURSOR_VERSION = 1;

// A tuple keeps the cursor short; the version lets a later format tell its own cursors apart.
const CursorSchema = z.tuple([
  z.literal(CURSOR_VERSION),
  z.int(),
  z.string().min(1),
  z.string().min(1),
  z.enum(['desc', 'asc']),
  z.int(),
  z.string().min(1),
]);

/** An opaque, URL-safe cursor. */
export function encodeCursor(cursor: SearchCursor): string {
  const { after, order, snapshotMs, requestHash } = cursor;
  const tuple: z.input<typeof CursorSchema> = [
    CURSOR_VERSION,
    after.occurredAtMs,
    after.eventId,
    after.app,
    order,
    snapshotMs,
    requestHash,
  ];
  return Buffer.from(JSON.stringify(tuple), 'utf8').toString('base64url');
}

/**
 * The cursor of a request, which must be the search the cursor was made for; anything else
 * (garbage, a cursor of another search) is an INVALID_CURSOR.
 */
export function decodeCursor(text: string, request: SearchRequest): SearchCursor {
  const parsed = /^[A-Za-z0-9_-]+$/.test(text) ? CursorSchema.safeParse(parseJson(text)) : null;
  if (!parsed?.success) {
    throw new SearchError('INVALID_CURSOR', 'cursor is not a nextCursor of this search');
  }
  const [, occurredAtMs, eventId, app, order, snapshotMs, requestHash] = parsed.data;
  if (requestHash !== searchHash(request) || order !== request.order) {
    throw new SearchError(
      'INVALID_CURSOR',
      'cursor belongs to another search: send the same request with only cursor (and limit) changed',
    );
  }
  return { after: { occurredAtMs, eventId, app }, order, snapshotMs, requestHash };
}

function parseJson(base64url: string): unknown {
  try {
    return JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A digest of what a search matches and in which order: apps, range, filters, text, order. Page
 * size and includeTotal may change from page to page; spelling does not matter ("shop" and
 * ["shop"], filter key order, the offset of from and to).
 */
export function searchHash(request: SearchRequest): string {
  const apps = [...new Set(typeof request.app === 'string' ? [request.app] : request.app)].sort();
  const canonical = canonicalJson({
    apps,
    from: instantMs(request.from, 'from'),
    to: instantMs(request.to, 'to'),
    filters: request.filters ?? {},
    text: request.text ?? null,
    order: request.order,
  });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
