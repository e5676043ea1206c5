import {
  ACTION_LOG_FIELDS,
  ACTION_LOG_LIMITS,
  ActionLogEventSchema,
  OccurredAtSchema,
  type ParsedActionLogEvent,
} from './actionLog.js';
import { FIELD_COLUMNS, type LakeRow, type PartitionRef } from './columns.js';
import { CONTRACT_PARSE, describeGiven } from './contractMessages.js';
import type { FieldProblem } from './errors.js';
import { fieldProblems } from './fieldProblems.js';
import { utcDate } from './lakeKeys.js';

/** Where an event came from, for its derived id and its received_at. */
export interface EventOrigin {
  readonly messageId: string;
  /** Position of the event in its message (0 for a lone event). */
  readonly index: number;
  readonly receivedAtMs: number;
}

/**
 * A faster check of an event against ActionLogEventSchema, true only for events the schema accepts
 * unchanged (the ingest worker compiles one from the schema's JSON Schema). False sends the event
 * through the schema itself, so a check may refuse whatever it is unsure of.
 */
export type EventCheck = (event: Readonly<Record<string, unknown>>) => boolean;

export type RowResult =
  | { readonly ok: true; readonly partition: PartitionRef; readonly row: LakeRow; readonly bytes: number }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const L = ACTION_LOG_LIMITS;

/**
 * Validates one event against contract v1 and maps it to a lake row. Every problem is reported,
 * each with its field, so a producer can fix them all at once.
 */
export function parseLakeRow(event: unknown, origin: EventOrigin, accepts?: EventCheck): RowResult {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { ok: false, problems: [{ path: '', message: `must be a JSON object (got ${describe(event)})` }] };
  }
  // An event the check accepts is one the schema accepts as it is (nothing in it is transformed),
  // so the schema runs only for the rest, where it finds and words every problem.
  const parsed =
    accepts?.(event as Record<string, unknown>) === true
      ? { success: true as const, data: event as ParsedActionLogEvent }
      : ActionLogEventSchema.safeParse(event, CONTRACT_PARSE);
  const problems: FieldProblem[] = parsed.success ? [] : fieldProblems(parsed.error);

  // The rules JSON Schema cannot express run on the raw input too, so that an event with several
  // problems gets all of them reported at once.
  const source = event as Record<string, unknown>;
  const occurredAt = parsed.success
    ? parsed.data.occurredAt
    : OccurredAtSchema.safeParse(source.occurredAt).data;
  const occurredAtMs = occurredAt === undefined ? Number.NaN : toEpochMs(occurredAt);
  if (occurredAtMs < L.minOccurredAtMs) {
    problems.push({
      path: 'occurredAt',
      // Only a number can be seconds sent where milliseconds belong; a dated string is just early.
      message:
        typeof source.occurredAt === 'number'
          ? `is before 2000-01-01, the earliest accepted: epoch seconds sent as milliseconds? (got ${source.occurredAt})`
          : `is before 2000-01-01, the earliest accepted (got ${describeGiven(source.occurredAt)})`,
    });
  } else if (occurredAtMs > origin.receivedAtMs + L.maxFutureSkewMs) {
    problems.push({ path: 'occurredAt', message: 'is more than 24 hours in the future of the worker clock' });
  }
  for (const field of TEXT_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' && !value.isWellFormed())
      problems.push({ path: field, message: LONE_SURROGATE });
  }
  if (isPlainObject(source.attributes)) {
    for (const [key, value] of Object.entries(source.attributes)) {
      if (!key.isWellFormed() || (typeof value === 'string' && !value.isWellFormed())) {
        problems.push({ path: `attributes.${key}`, message: LONE_SURROGATE });
      }
    }
  }
  let extra: Record<string, unknown> | null = null;
  for (const key of Object.keys(source)) {
    if (!ACTION_LOG_FIELDS.has(key)) {
      extra ??= {};
      extra[key] = source[key];
    }
  }
  checkDepth(isPlainObject(source.params) ? source.params : null, 'params', problems);
  checkDepth(extra, 'extra fields', problems);
  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  const data = parsed.data;
  const paramsJson = data.params === undefined || data.params === null ? null : JSON.stringify(data.params);
  const extraJson = extra === null ? null : JSON.stringify(extra);
  let attributes: Record<string, string> | null = null;
  // UTF-8 bytes, not string length: Japanese text takes 3 bytes per character.
  let bytes = 160 + utf8(paramsJson) + utf8(extraJson);
  if (data.attributes) {
    attributes = {};
    for (const key in data.attributes) {
      const value = String(data.attributes[key]);
      attributes[key] = value;
      bytes += utf8(key) + utf8(value) + 6;
    }
  }
  // One object literal with every column in a fixed order: rows share one hidden class, which
  // keeps this and the encoder's JSON.stringify on V8's fast paths (a spread made them slower).
  const row: LakeRow = {
    event_id: data.eventId ?? `${origin.messageId}:${origin.index}`,
    action: data.action ?? null,
    method: data.method ?? null,
    path: data.path ?? null,
    user_id: data.userId === undefined || data.userId === null ? null : String(data.userId),
    ip: data.ip ?? null,
    user_agent: data.userAgent ?? null,
    occurred_at: occurredAtMs,
    received_at: origin.receivedAtMs,
    status: data.status ?? null,
    duration_ms: data.durationMs ?? null,
    params: paramsJson,
    attributes,
    extra: extraJson,
  };
  bytes +=
    utf8(row.event_id) +
    utf8(row.action) +
    utf8(row.method) +
    utf8(row.path) +
    utf8(row.user_id) +
    utf8(row.ip) +
    utf8(row.user_agent);
  if (bytes > L.maxEventBytes) {
    return {
      ok: false,
      problems: [
        { path: '', message: `is about ${bytes} bytes as JSON, over the ${L.maxEventBytes}-byte limit` },
      ],
    };
  }
  return { ok: true, partition: { app: data.app, dt: utcDate(occurredAtMs) }, row, bytes };
}

function utf8(value: string | null): number {
  return value === null ? 0 : Buffer.byteLength(value, 'utf8');
}

function toEpochMs(occurredAt: string | number): number {
  return typeof occurredAt === 'number' ? occurredAt : Date.parse(occurredAt);
}

function checkDepth(value: unknown, path: string, problems: FieldProblem[]): void {
  if (value === null) return;
  // Iterative so that a hostile 100k-deep document cannot overflow the stack.
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > L.maxDepth) {
      problems.push({ path, message: `nests deeper than ${L.maxDepth} levels` });
      return;
    }
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
}

/** The fields stored as text columns: a lone surrogate in them could not be written as UTF-8. */
const TEXT_FIELDS = FIELD_COLUMNS.filter((column) => column.kind === 'string' && !column.json).map(
  (column) => column.field,
);
const LONE_SURROGATE = 'contains invalid Unicode (a lone surrogate)';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
