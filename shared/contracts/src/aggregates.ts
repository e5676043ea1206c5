import { z } from 'zod';
import { CONTRACT_PARSE } from './contractMessages.js';
import type { FieldProblem } from './errors.js';
import { fieldProblems } from './fieldProblems.js';
import {
  hasKind,
  type ReplyValidation,
  rangeProblems,
  SEARCH_LIMITS,
  SearchErrorReplySchema,
  SearchPointerReplySchema,
  SearchRequestSchema,
  SearchStatsSchema,
  validateKindReply,
} from './search.js';

/**
 * Aggregates of a search: counts per time bucket (`kind: "histogram"`) and the most frequent
 * values of some fields (`kind: "topValues"`). Requests on the search queue beside searches, with
 * the same attributes, the same grants and the same error replies. They match exactly the events
 * a search with the same app, from, to, filters and text matches, each event once: a histogram's
 * counts add up to that search's total.
 */

export const HISTOGRAM_REQUEST_KIND = 'histogram';
export const TOP_VALUES_REQUEST_KIND = 'topValues';

/** Bucket widths, smallest first. Days and weeks start at midnight (weeks on Monday) in the request's zone. */
export const HISTOGRAM_INTERVALS = ['1m', '5m', '15m', '30m', '1h', '3h', '6h', '12h', '1d', '7d'] as const;
export type HistogramInterval = (typeof HISTOGRAM_INTERVALS)[number];

export const AGGREGATE_LIMITS = {
  /** Buckets an automatic interval aims at: the smallest interval giving at most this many. */
  targetBuckets: 60,
  /** Most buckets a reply holds; a smaller interval over a longer range is refused. */
  maxBuckets: 1500,
  defaultTopLimit: 10,
  maxTopLimit: 50,
} as const;

/** Fields whose top values can be asked for. */
export const TOP_VALUE_FIELDS = ['status', 'path', 'action', 'userId', 'method', 'ip'] as const;
export type TopValueField = (typeof TOP_VALUE_FIELDS)[number];
export const DEFAULT_TOP_VALUE_FIELDS: readonly TopValueField[] = ['status', 'path', 'action', 'userId'];

/** Whether the runtime knows `name` as an IANA time zone (or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { error: 'must be an IANA time zone, e.g. Asia/Tokyo, Europe/Paris or UTC' });

/** What a search and its aggregates share: which events match. */
const MatchShape = SearchRequestSchema.pick({ app: true, from: true, to: true, filters: true, text: true });

export const HistogramRequestSchema = MatchShape.extend({
  kind: z.literal(HISTOGRAM_REQUEST_KIND),
  timeZone: TimeZoneSchema.default('UTC').describe('IANA zone whose clock the buckets follow'),
  interval: z
    .enum(HISTOGRAM_INTERVALS)
    .optional()
    .describe(
      `Bucket width; absent: the smallest giving at most ${AGGREGATE_LIMITS.targetBuckets} buckets over the range`,
    ),
}).describe('Counts of the matching events per time bucket');

export const TopValuesRequestSchema = MatchShape.extend({
  kind: z.literal(TOP_VALUES_REQUEST_KIND),
  fields: z
    .array(z.enum(TOP_VALUE_FIELDS))
    .min(1)
    .max(TOP_VALUE_FIELDS.length)
    .default([...DEFAULT_TOP_VALUE_FIELDS])
    .describe(`Fields to count values of; default ${DEFAULT_TOP_VALUE_FIELDS.join(', ')}`),
  limit: z
    .int()
    .min(1)
    .max(AGGREGATE_LIMITS.maxTopLimit)
    .default(AGGREGATE_LIMITS.defaultTopLimit)
    .describe('Values per field, most frequent first'),
}).describe('The most frequent values of some fields among the matching events');

export type HistogramRequestInput = z.input<typeof HistogramRequestSchema>;
export type HistogramRequest = z.output<typeof HistogramRequestSchema>;
export type TopValuesRequestInput = z.input<typeof TopValuesRequestSchema>;
export type TopValuesRequest = z.output<typeof TopValuesRequestSchema>;

export const HistogramBucketSchema = z.object({
  start: z.string().describe('First instant of the bucket, RFC 3339 UTC'),
  end: z.string().describe('First instant after the bucket, RFC 3339 UTC'),
  count: z.int().min(0).describe('Matching events with from ≤ occurredAt < to inside the bucket'),
});

export const HistogramOkReplySchema = z.object({
  ok: z.literal(true),
  kind: z.literal(HISTOGRAM_REQUEST_KIND),
  interval: z.enum(HISTOGRAM_INTERVALS),
  timeZone: z.string(),
  buckets: z
    .array(HistogramBucketSchema)
    .describe(
      'Every bucket from the one holding from to the one holding the last instant before to, empty ones too',
    ),
  total: z.int().min(0).describe('The sum of the counts: the total of the same search'),
  stats: SearchStatsSchema,
});

export const TopValueSchema = z.object({
  value: z.union([z.string(), z.number(), z.null()]).describe('null: the events without the field'),
  count: z.int().min(1),
});

export const TopValuesOkReplySchema = z.object({
  ok: z.literal(true),
  kind: z.literal(TOP_VALUES_REQUEST_KIND),
  total: z.int().min(0).describe('Matching events'),
  fields: z.array(
    z.object({
      field: z.enum(TOP_VALUE_FIELDS),
      values: z.array(TopValueSchema).describe('Most frequent first, ties by value'),
      others: z.int().min(0).describe('Matching events whose value is not among values'),
    }),
  ),
  stats: SearchStatsSchema,
});

export const HistogramReplySchema = z
  .union([HistogramOkReplySchema, SearchPointerReplySchema, SearchErrorReplySchema])
  .describe('The reply to a histogram request; a pointer leads to a HistogramOkReply');
export const TopValuesReplySchema = z
  .union([TopValuesOkReplySchema, SearchPointerReplySchema, SearchErrorReplySchema])
  .describe('The reply to a top values request; a pointer leads to a TopValuesOkReply');

export type HistogramBucket = z.output<typeof HistogramBucketSchema>;
export type HistogramOkReply = z.output<typeof HistogramOkReplySchema>;
export type HistogramReply = z.output<typeof HistogramReplySchema>;
export type TopValue = z.output<typeof TopValueSchema>;
export type TopValuesOkReply = z.output<typeof TopValuesOkReplySchema>;
export type TopValuesReply = z.output<typeof TopValuesReplySchema>;

/** Whether a request body asks for a histogram. */
export function isHistogramBody(body: unknown): boolean {
  return hasKind(body, HISTOGRAM_REQUEST_KIND);
}

/** Whether a request body asks for top values. */
export function isTopValuesBody(body: unknown): boolean {
  return hasKind(body, TOP_VALUES_REQUEST_KIND);
}

export type AggregateValidation<T> =
  | { readonly ok: true; readonly request: T }
  | { readonly ok: false; readonly problems: FieldProblem[] };

function validateAggregate<S extends z.ZodType>(
  schema: S,
  body: unknown,
  maxSpanDays: number,
): AggregateValidation<z.output<S>> {
  const parsed = schema.safeParse(body, CONTRACT_PARSE);
  const problems = parsed.success ? [] : fieldProblems(parsed.error);
  problems.push(...rangeProblems(body, maxSpanDays));
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, request: parsed.data };
}

/** Validates a histogram request: the schema's problems, then from before to and the span cap. */
export function validateHistogramRequest(
  body: unknown,
  options: { readonly maxSpanDays?: number } = {},
): AggregateValidation<HistogramRequest> {
  return validateAggregate(
    HistogramRequestSchema,
    body,
    options.maxSpanDays ?? SEARCH_LIMITS.defaultMaxSpanDays,
  );
}

/** Validates a top values request: the schema's problems, then from before to and the span cap. */
export function validateTopValuesRequest(
  body: unknown,
  options: { readonly maxSpanDays?: number } = {},
): AggregateValidation<TopValuesRequest> {
  return validateAggregate(
    TopValuesRequestSchema,
    body,
    options.maxSpanDays ?? SEARCH_LIMITS.defaultMaxSpanDays,
  );
}

/** Checks a received histogram reply (or the document its pointer leads to) against the contract. */
export function validateHistogramReply(
  body: unknown,
  options: { readonly pointed?: boolean } = {},
): ReplyValidation<HistogramReply> {
  return validateKindReply(HistogramOkReplySchema, body, options);
}

/** Checks a received top values reply (or the document its pointer leads to) against the contract. */
export function validateTopValuesReply(
  body: unknown,
  options: { readonly pointed?: boolean } = {},
): ReplyValidation<TopValuesReply> {
  return validateKindReply(TopValuesOkReplySchema, body, options);
}
