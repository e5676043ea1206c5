import {
  ACTION_LOG_FIELDS,
  ACTION_LOG_LIMITS,
  ActionLogEventSchema,
  type FieldProblem,
  type LakeRow,
  OccurredAtSchema,
  type PartitionRef,
} from '@rireki/contracts';

/** Where an event came from, for its derived id and its received_at. */
export interface EventOrigin {
  readonly messageId: string;
  /** Position of the event in its message (0 for a lone event). */
  readonly index: number;
  readonly receivedAtMs: number;
}

export type RowResult =
  | { readonly ok: true; readonly partition: PartitionRef; readonly row: LakeRow; readonly bytes: number }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const L = ACTION_LOG_LIMITS;

/**
 * Validates one event against contract v1 and maps it to a lake row. Every problem is reported,
 * each with its field, so a producer can fix them all at once.
 */
export function toLakeRow(event: unknown, origin: EventOrigin): RowResult {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { ok: false, problems: [{ path: '', message: `must be a JSON object (got ${describe(event)})` }] };
  }
  const parsed = ActionLogEventSchema.safeParse(event);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));

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
      message: 'is before 2000-01-01 (epoch seconds sent as milliseconds?)',
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
  const params = data.params ?? null;
  const strings = {
    event_id: data.eventId ?? `${origin.messageId}:${origin.index}`,
    action: data.action ?? null,
    method: data.method ?? null,
    path: data.path ?? null,
    user_id: data.userId === undefined || data.userId === null ? null : String(data.userId),
    ip: data.ip ?? null,
    user_agent: data.userAgent ?? null,
  };
  let attributes: Record<string, string> | null = null;
  if (data.attributes) {
    attributes = {};
    for (const [key, value] of Object.entries(data.attributes)) attributes[key] = String(value);
  }
  const paramsJson = params === null ? null : JSON.stringify(params);
  const extraJson = extra === null ? null : JSON.stringify(extra);
  // UTF-8 bytes, not string length: Japanese text takes 3 bytes per character.
  const utf8 = (value: string | null) => (value === null ? 0 : Buffer.byteLength(value, 'utf8'));
  let bytes = 160 + utf8(paramsJson) + utf8(extraJson);
  for (const value of Object.values(strings)) bytes += utf8(value);
  if (attributes) for (const [key, value] of Object.entries(attributes)) bytes += utf8(key) + utf8(value) + 6;
  if (bytes > L.maxEventBytes) {
    problems.push({
      path: '',
      message: `is about ${bytes} bytes as JSON, over the ${L.maxEventBytes}-byte limit`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const row: LakeRow = {
    ...strings,
    occurred_at: occurredAtMs,
    received_at: origin.receivedAtMs,
    status: data.status ?? null,
    duration_ms: data.durationMs ?? null,
    params: paramsJson,
    attributes,
    extra: extraJson,
  };
  return { ok: true, partition: { app: data.app, dt: utcDate(occurredAtMs) }, row, bytes };
}

function toEpochMs(occurredAt: string | number): number {
  return typeof occurredAt === 'number' ? occurredAt : Date.parse(occurredAt);
}

/** YYYY-MM-DD of an epoch-millisecond instant, in UTC. */
export function utcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
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

const TEXT_FIELDS = ['eventId', 'action', 'method', 'path', 'userId', 'ip', 'userAgent'] as const;
const LONE_SURROGATE = 'contains invalid Unicode (a lone surrogate)';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
