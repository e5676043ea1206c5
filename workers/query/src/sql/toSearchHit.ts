import { FIELD_COLUMNS, type SearchRow } from '@rireki/contracts';
import type { RowKey } from '../cursor.js';
import { SearchError } from '../SearchError.js';

/** One row of a page: where it sorts, and the event as the reply shows it. */
export interface SearchHit {
  readonly key: RowKey;
  readonly row: SearchRow;
}

type EngineRow = Readonly<Record<string, unknown>>;

const JS_TYPE = {
  string: 'string',
  int: 'number',
  double: 'number',
  stringMap: 'object',
  timestamp: 'number',
} as const;

/** The columns of fields an event may leave out, with the JavaScript type the engine gives each. */
const OPTIONAL_FIELDS = FIELD_COLUMNS.filter((column) => column.nullable).map((column) => ({
  field: column.field,
  name: column.name,
  // JSON text arrives as a string, and is parsed back into the value the app sent.
  type: column.json ? 'string' : JS_TYPE[column.kind],
  json: column.json,
}));

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
    ...OPTIONAL_FIELDS.map(({ field, name, type, json }): [string, unknown] => {
      const value = optional(raw, name, type);
      return [field, json ? parsedJson(value) : value];
    }),
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
