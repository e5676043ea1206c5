import {
  ACTION_LOG_FIELDS,
  ACTION_LOG_LIMITS,
  ActionLogEventSchema,
  type FieldProblem,
  type LakeRow,
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

  const occurredAtMs = parsed.success ? toEpochMs(parsed.data.occurredAt) : Number.NaN;
  if (parsed.success) {
    if (occurredAtMs < L.minOccurredAtMs) {
      problems.push({
        path: 'occurredAt',
        message: 'is before 2000-01-01 (epoch seconds sent as milliseconds?)',
      });
    } else if (occurredAtMs > origin.receivedAtMs + L.maxFutureSkewMs) {
      problems.push({
        path: 'occurredAt',
        message: 'is more than 24 hours in the future of the worker clock',
      });
    }
  }

  const source = event as Record<string, unknown>;
  let extra: Record<string, unknown> | null = null;
  for (const key of Object.keys(source)) {
    if (!ACTION_LOG_FIELDS.has(key)) {
      extra ??= {};
      extra[key] = source[key];
    }
  }
  const params = parsed.success ? (parsed.data.params ?? null) : null;
  checkDepth(params, 'params', problems);
  checkDepth(extra, 'extra fields', problems);
  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  const data = parsed.data;
  const strings = {
    event_id: data.eventId ?? `${origin.messageId}:${origin.index}`,
    action: data.action ?? null,
    method: data.method ?? null,
    path: data.path ?? null,
    user_id: data.userId === undefined || data.userId === null ? null : String(data.userId),
    ip: data.ip ?? null,
    user_agent: data.userAgent ?? null,
  };
  for (const [column, value] of Object.entries(strings)) {
    if (value !== null && !value.isWellFormed()) {
      problems.push({ path: fieldOf(column), message: 'contains invalid Unicode (a lone surrogate)' });
    }
  }
  let attributes: Record<string, string> | null = null;
  if (data.attributes) {
    attributes = {};
    for (const [key, value] of Object.entries(data.attributes)) {
      const text = String(value);
      if (!key.isWellFormed() || !text.isWellFormed()) {
        problems.push({ path: `attributes.${key}`, message: 'contains invalid Unicode (a lone surrogate)' });
      }
      attributes[key] = text;
    }
  }
  const paramsJson = params === null ? null : JSON.stringify(params);
  const extraJson = extra === null ? null : JSON.stringify(extra);
  let bytes = 160 + (paramsJson?.length ?? 0) + (extraJson?.length ?? 0);
  for (const value of Object.values(strings)) bytes += value?.length ?? 0;
  if (attributes)
    for (const [key, value] of Object.entries(attributes)) bytes += key.length + value.length + 6;
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

const COLUMN_TO_FIELD: Record<string, string> = {
  event_id: 'eventId',
  user_id: 'userId',
  user_agent: 'userAgent',
};

function fieldOf(column: string): string {
  return COLUMN_TO_FIELD[column] ?? column;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
