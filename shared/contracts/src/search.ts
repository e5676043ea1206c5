// Over 250 lines: the search contract v1 (request, filters, replies, limits) in one file, the way
// apps in other languages read it and the JSON Schema is generated from it.
import { z } from 'zod';
import { AppCodeSchema } from './actionLog.js';
import { CONTRACT_PARSE } from './contractMessages.js';
import type { FieldProblem } from './errors.js';
import { fieldProblems } from './fieldProblems.js';

/**
 * Search contract v1: a request on the search queue and its reply on the requester's reply queue.
 * Fixed: apps in other languages depend on it. The JSON Schema files are generated from here.
 */

export const SEARCH_CONTRACT_VERSION = 1;

/** Message attributes of a search request (and of its reply: CorrelationId). */
export const SEARCH_ATTRIBUTES = {
  replyTo: 'ReplyTo',
  correlationId: 'CorrelationId',
  /** Who asks: a requester name from the grants (signed mode). */
  requester: 'Requester',
  /** HMAC-SHA256 of the request, base64, with the requester's key (signed mode). */
  signature: 'Signature',
} as const;

export const SEARCH_LIMITS = {
  maxLimit: 1000,
  defaultLimit: 50,
  maxApps: 100,
  maxFilterValues: 100,
  maxTextLength: 256,
  maxFilterStringLength: 1024,
  maxCursorLength: 2048,
  /** Default cap of to - from, in days; the query worker's RIREKI_SEARCH_MAX_SPAN_DAYS changes it. */
  defaultMaxSpanDays: 93,
} as const;

/** Filterable fields, by their action-log contract names. */
export const SEARCH_FILTER_FIELDS = [
  'eventId',
  'action',
  'method',
  'path',
  'status',
  'durationMs',
  'userId',
  'ip',
  'userAgent',
] as const;

export type SearchFilterField = (typeof SEARCH_FILTER_FIELDS)[number];

/** `attributes.<name>`: the name of an app-specific attribute. */
export const ATTRIBUTE_FILTER_PATTERN = /^attributes\.[A-Za-z0-9_.:-]{1,128}$/;

const S = SEARCH_LIMITS;

const ScalarSchema = z.union([z.string().max(S.maxFilterStringLength), z.number(), z.boolean()], {
  error: `must be a string (at most ${S.maxFilterStringLength} characters), a number or a boolean`,
});

const RangeSchema = z
  .strictObject({
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
    prefix: z.string().min(1).max(S.maxFilterStringLength).optional(),
    contains: z.string().min(1).max(S.maxFilterStringLength).optional(),
    not: z
      .union([ScalarSchema, z.array(ScalarSchema).min(1).max(S.maxFilterValues)], {
        error: `must be a scalar (not equal) or an array of 1-${S.maxFilterValues} scalars (none of)`,
      })
      .optional()
      .describe(
        'Not equal to a scalar, or to none of an array; an event without the field (or with it null) matches',
      ),
  })
  .refine((value) => Object.keys(value).length > 0, {
    error: 'must have at least one of gte, gt, lte, lt, prefix, contains, not',
  })
  .describe(
    'Comparison: gte/gt/lte/lt take numbers (for status, durationMs, userId and attributes), prefix/contains take strings (for text fields and attributes), not takes a scalar or an array; prefix, contains and not are case-sensitive',
  );

export const SearchFilterValueSchema = z
  .union([ScalarSchema, z.array(ScalarSchema).min(1).max(S.maxFilterValues), RangeSchema], {
    error: `must be a scalar (equals), an array of 1-${S.maxFilterValues} scalars (any of), or an object with gte/gt/lte/lt/prefix/contains/not`,
  })
  .describe(
    'A scalar (equals), an array (any of), or an object with gte/gt/lte/lt (numbers), prefix, contains (strings), not (a scalar or an array: none of). Every filter matches the stored value exactly, case-sensitive; only text ignores case',
  );

export type SearchFilterValue = z.output<typeof SearchFilterValueSchema>;

const FILTER_KEY_MESSAGE = `is not a filter: use one of ${SEARCH_FILTER_FIELDS.join(', ')} or attributes.<name>`;

function isFilterKey(key: string): boolean {
  return (SEARCH_FILTER_FIELDS as readonly string[]).includes(key) || ATTRIBUTE_FILTER_PATTERN.test(key);
}

const Rfc3339Schema = z.iso.datetime({ offset: true });

export const SearchRequestSchema = z
  .strictObject({
    app: z
      .union([AppCodeSchema, z.array(AppCodeSchema).min(1).max(S.maxApps)], {
        error: `must be an app code or an array of 1-${S.maxApps} app codes`,
      })
      .describe('App code or app codes to search'),
    from: Rfc3339Schema.describe('Start of the range, inclusive (RFC 3339)'),
    to: Rfc3339Schema.describe('End of the range, exclusive (RFC 3339)'),
    filters: z
      .record(z.string(), SearchFilterValueSchema)
      .superRefine((filters, ctx) => {
        for (const key of Object.keys(filters)) {
          if (!isFilterKey(key)) ctx.addIssue({ code: 'custom', path: [key], message: FILTER_KEY_MESSAGE });
        }
      })
      .optional()
      .describe(`Field filters, all must match; keys: ${SEARCH_FILTER_FIELDS.join(', ')}, attributes.<name>`),
    text: z
      .string()
      .min(1)
      .max(S.maxTextLength)
      .optional()
      .describe('Case-insensitive substring over path, action and params'),
    order: z.enum(['desc', 'asc']).default('desc').describe('On occurredAt, ties broken by eventId'),
    limit: z.int().min(1).max(S.maxLimit).default(S.defaultLimit).describe('Rows per page'),
    cursor: z.string().min(1).max(S.maxCursorLength).optional().describe('nextCursor of the previous page'),
    includeTotal: z.boolean().default(false).describe('Also count every matching row'),
  })
  .describe(
    'A search of the action history; from must be before to, and the span is capped (93 days by default)',
  );

/** A request as a producer writes it (defaults may be omitted). */
export type SearchRequestInput = z.input<typeof SearchRequestSchema>;
/** A validated request, defaults applied. */
export type SearchRequest = z.output<typeof SearchRequestSchema>;

/** Stable error codes of an `ok: false` reply. */
export const SEARCH_ERROR_CODES = {
  invalidRequest: 'INVALID_REQUEST',
  invalidCursor: 'INVALID_CURSOR',
  forbidden: 'FORBIDDEN',
  engineError: 'ENGINE_ERROR',
  timeout: 'TIMEOUT',
  busy: 'BUSY',
  internal: 'INTERNAL',
} as const;

export type SearchErrorCode = (typeof SEARCH_ERROR_CODES)[keyof typeof SEARCH_ERROR_CODES];

/**
 * Codes for which the same search may succeed later, after a backoff: the service was overloaded
 * (BUSY), ran out of time, or its engine failed. The others (an invalid request or cursor,
 * FORBIDDEN) are the requester's to fix and fail the same way every time.
 */
export const RETRYABLE_SEARCH_ERROR_CODES: ReadonlySet<SearchErrorCode> = new Set([
  SEARCH_ERROR_CODES.busy,
  SEARCH_ERROR_CODES.timeout,
  SEARCH_ERROR_CODES.engineError,
  SEARCH_ERROR_CODES.internal,
]);

const ErrorCodeSchema = z.enum(Object.values(SEARCH_ERROR_CODES) as [SearchErrorCode, ...SearchErrorCode[]]);

export const SearchStatsSchema = z.object({
  engine: z.string().describe('duckdb or athena'),
  elapsedMs: z.number().describe('Time the worker spent on the search'),
  bytesScanned: z.number().optional().describe('Bytes the engine read, where it reports them'),
});

/** One row: the action-log fields (eventId, occurredAt, app, …), receivedAt, and any extra fields as sent. */
export const SearchRowSchema = z
  .looseObject({
    eventId: z.string(),
    app: z.string(),
    occurredAt: z.string().describe('RFC 3339, UTC, milliseconds'),
    receivedAt: z.string().describe('RFC 3339, UTC, milliseconds'),
  })
  .describe('An action-log event as sent (null fields left out), plus receivedAt');

export const SearchOkReplySchema = z.object({
  ok: z.literal(true),
  rows: z.array(SearchRowSchema),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  total: z.int().optional().describe('Every matching row, when includeTotal was true'),
  stats: SearchStatsSchema,
});

export const SearchPointerReplySchema = z
  .object({
    ok: z.literal(true),
    pointer: z.object({
      location: z.string().describe('file:// or s3:// URI of the full reply, a SearchOkReply as JSON'),
      bytes: z.int(),
    }),
  })
  .describe('A reply too large for SQS; the client SDK follows the pointer');

export const SearchErrorReplySchema = z.object({
  ok: z.literal(false),
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    details: z.unknown().optional().describe('e.g. the list of problems of an INVALID_REQUEST'),
  }),
});

export const SearchReplySchema = z
  .union([SearchOkReplySchema, SearchPointerReplySchema, SearchErrorReplySchema])
  .describe("The reply to a search, sent to the ReplyTo queue with the request's CorrelationId");

export type SearchRow = z.output<typeof SearchRowSchema>;
export type SearchStats = z.output<typeof SearchStatsSchema>;
export type SearchOkReply = z.output<typeof SearchOkReplySchema>;
export type SearchPointerReply = z.output<typeof SearchPointerReplySchema>;
export type SearchErrorReply = z.output<typeof SearchErrorReplySchema>;
export type SearchReply = z.output<typeof SearchReplySchema>;

export type SearchValidation =
  | { readonly ok: true; readonly request: SearchRequest }
  | {
      readonly ok: false;
      readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }>;
    };

/**
 * Validates a search request body, reporting every problem with its field: the schema's, then
 * the rules between fields (from before to, the span cap) whenever the dates themselves are valid.
 */
export function validateSearchRequest(
  body: unknown,
  options: { readonly maxSpanDays?: number } = {},
): SearchValidation {
  const maxSpanDays = options.maxSpanDays ?? S.defaultMaxSpanDays;
  const parsed = SearchRequestSchema.safeParse(body, CONTRACT_PARSE);
  const problems = parsed.success ? [] : fieldProblems(parsed.error);
  problems.push(...rangeProblems(body, maxSpanDays));
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, request: parsed.data };
}

/**
 * The rules between from and to of a search, or of a request that matches what a search does:
 * from before to, and the span cap. Checked whenever the dates themselves are valid.
 */
export function rangeProblems(body: unknown, maxSpanDays: number): FieldProblem[] {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as { from?: unknown; to?: unknown };
  const from = Rfc3339Schema.safeParse(raw.from);
  const to = Rfc3339Schema.safeParse(raw.to);
  if (!from.success || !to.success) return [];
  const spanMs = Date.parse(to.data) - Date.parse(from.data);
  if (spanMs <= 0) return [{ path: 'from', message: 'must be before to' }];
  if (spanMs > maxSpanDays * 86_400_000) {
    return [{ path: 'to', message: `is more than ${maxSpanDays} days after from` }];
  }
  return [];
}

/** Whether a request body says this `kind`; a search says none. */
export function hasKind(body: unknown, kind: string): boolean {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === kind;
}

/** A reply as received, checked against the contract: the reply, or every problem with its path. */
export type ReplyValidation<T> =
  | { readonly ok: true; readonly reply: T }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/**
 * Checks a parsed reply body against the search reply contract. The branch is chosen by `ok` and
 * `pointer` first, so that problems are named inside it (`rows.0.eventId: …`), not as a union that
 * matched no branch.
 */
export function validateSearchReply(body: unknown): ReplyValidation<SearchReply> {
  const shape = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (shape.ok === false) return validateWith(SearchErrorReplySchema, body);
  if (shape.ok === true && 'pointer' in shape) return validateWith(SearchPointerReplySchema, body);
  if (shape.ok === true) return validateWith(SearchOkReplySchema, body);
  return validateWith(SearchReplySchema, body);
}

/** Checks the document a pointer reply points at: always an `ok: true` page. */
export function validatePointedReply(body: unknown): ReplyValidation<SearchOkReply> {
  return validateWith(SearchOkReplySchema, body);
}

/**
 * Checks a reply to a request with a `kind` (or, `pointed`, the document its pointer leads to):
 * the branch is chosen by `ok` and `pointer`, as for a search, and the ok branch is the kind's own.
 */
export function validateKindReply<S extends z.ZodType>(
  okSchema: S,
  body: unknown,
  options: { readonly pointed?: boolean } = {},
): ReplyValidation<z.output<S> | SearchPointerReply | SearchErrorReply> {
  const shape = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (options.pointed !== true && shape.ok === false) return validateWith(SearchErrorReplySchema, body);
  if (options.pointed !== true && shape.ok === true && 'pointer' in shape) {
    return validateWith(SearchPointerReplySchema, body);
  }
  return validateWith(okSchema, body);
}

/** A body checked against one reply schema: the reply, or every problem with its path. */
export function validateWith<S extends z.ZodType>(schema: S, body: unknown): ReplyValidation<z.output<S>> {
  const parsed = schema.safeParse(body, CONTRACT_PARSE);
  if (parsed.success) return { ok: true, reply: parsed.data };
  return { ok: false, problems: fieldProblems(parsed.error) };
}
