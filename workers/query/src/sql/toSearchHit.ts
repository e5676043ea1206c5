import type { SearchRow } from '@rireki/contracts';
import type { RowKey } from '../cursor.js';
import { SearchError } from '../SearchError.js';

/** One row of a page: where it sorts, and the event as the reply shows it. */
export interface SearchHit {
  readonly key: RowKey;
  readonly row: SearchRow;
}

type EngineRow = Readonly<Record<string, unknown>>;

/**
 * An engine row (SELECTED_COLUMNS) as the event the app sent: contract field names, RFC 3339 UTC
 * times, params parsed, the extra fields back at the top level, null fields left out.
 */
export function toSearchHit(raw: EngineRow): SearchHit {
  const eventId = requiredText(raw, 'event_id');
  const app = requiredText(raw, 'app');
  const occurredAtMs = requiredNumber(raw, 'occurred_at');
  const occurredAt = iso(occurredAtMs);
  const receivedAt = iso(requiredNumber(raw, 'received_at'));
  const fields: Array<[string, unknown]> = [
    ['eventId', eventId],
    ['app', app],
    ['occurredAt', occurredAt],
    ['receivedAt', receivedAt],
    ['action', optional(raw, 'action', 'string')],
    ['method', optional(raw, 'method', 'string')],
    ['path', optional(raw, 'path', 'string')],
    ['status', optional(raw, 'status', 'number')],
    ['durationMs', optional(raw, 'duration_ms', 'number')],
    ['userId', optional(raw, 'user_id', 'string')],
    ['ip', optional(raw, 'ip', 'string')],
    ['userAgent', optional(raw, 'user_agent', 'string')],
    ['params', parsedJson(optional(raw, 'params', 'string'))],
    ['attributes', optional(raw, 'attributes', 'object')],
  ];
  const present = fields.filter(([, value]) => value !== null);
  const taken = new Set(present.map(([name]) => name));
  const extra = parsedJson(optional(raw, 'extra', 'string'));
  if (isPlainObject(extra)) {
    for (const [name, value] of Object.entries(extra)) if (!taken.has(name)) present.push([name, value]);
  }
  // fromEntries defines own properties: an extra field named "__proto__" stays plain data.
  const row: SearchRow = { ...Object.fromEntries(present), eventId, app, occurredAt, receivedAt };
  return { key: { occurredAtMs, eventId, app }, row };
}

/** The key alone, for rows that are dropped as duplicates. */
export function rowKeyOf(raw: EngineRow): RowKey {
  return {
    occurredAtMs: requiredNumber(raw, 'occurred_at'),
    eventId: requiredText(raw, 'event_id'),
    app: requiredText(raw, 'app'),
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function parsedJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    // Only a foreign writer could leave invalid JSON: show the text rather than lose it.
    return text;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredText(raw: EngineRow, name: string): string {
  const value = raw[name];
  if (typeof value !== 'string') throw unexpected(name);
  return value;
}

function requiredNumber(raw: EngineRow, name: string): number {
  const value = raw[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw unexpected(name);
  return value;
}

function optional(raw: EngineRow, name: string, type: 'string' | 'number' | 'object'): unknown {
  const value = raw[name];
  if (value === null || value === undefined) return null;
  if (typeof value !== type || (type === 'object' && !isPlainObject(value))) throw unexpected(name);
  return value;
}

function unexpected(column: string): SearchError {
  return new SearchError('INTERNAL', `the engine returned an unexpected value in column ${column}`);
}
