import { z } from 'zod';
import { AppCodeSchema } from './actionLog.js';
import { CONTRACT_PARSE } from './contractMessages.js';
import { fieldProblems } from './fieldProblems.js';
import {
  hasKind,
  type ReplyValidation,
  SearchErrorReplySchema,
  SearchPointerReplySchema,
  validateKindReply,
} from './search.js';

/**
 * Quarantine list: a request on the search queue, beside searches. A search has no `kind`; this
 * request says `kind: "quarantine.list"`. It is answered on the requester's reply queue with the
 * same attributes, the same access control (a requester sees the quarantine of the apps it may
 * search) and the same error replies as a search.
 */

export const QUARANTINE_REQUEST_KIND = 'quarantine.list';

export const QUARANTINE_LIMITS = {
  maxLimit: 100,
  defaultLimit: 20,
  /** Bytes of a record's raw input, as JSON text, that a reply carries; longer input is cut. */
  maxRawBytes: 4096,
  maxReasonLength: 256,
  maxCursorLength: 1024,
  /** Most days from `from` to `to`, both included. */
  maxSpanDays: 93,
} as const;

const Q = QUARANTINE_LIMITS;
const DateSchema = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });

/**
 * A record's place in the lake: the quarantine file's key and the line (from 0) in it. Files are
 * named by the time they were written, so (file, line) orders records oldest first and stays
 * stable: quarantine files are never rewritten.
 */
export const QuarantinePlaceSchema = z.object({
  file: z.string().describe('Key of the quarantine file in the lake, quarantine/dt=…/….jsonl'),
  line: z.int().min(0).describe('Line of the record in the file, from 0'),
});

export const QuarantineListRequestSchema = z
  .strictObject({
    kind: z.literal(QUARANTINE_REQUEST_KIND),
    app: z
      .union([AppCodeSchema, z.array(AppCodeSchema).min(1).max(100)], {
        error: 'must be an app code or an array of 1-100 app codes',
      })
      .optional()
      .describe(
        'Only records of these apps (the app code in the raw event); absent: every record, app-less ones included, which needs a grant of every app ("*")',
      ),
    from: DateSchema.describe('First UTC date the records were quarantined on, YYYY-MM-DD'),
    to: DateSchema.describe('Last UTC date, inclusive'),
    reason: z
      .string()
      .min(1)
      .max(Q.maxReasonLength)
      .optional()
      .describe('Case-insensitive substring of the reason or of a problem (path or message)'),
    limit: z.int().min(1).max(Q.maxLimit).default(Q.defaultLimit).describe('Records per page'),
    cursor: z.string().min(1).max(Q.maxCursorLength).optional().describe('nextCursor of the previous page'),
  })
  .describe('A page of quarantined records, oldest first');

export type QuarantineListRequestInput = z.input<typeof QuarantineListRequestSchema>;
export type QuarantineListRequest = z.output<typeof QuarantineListRequestSchema>;

/** A replay of a record: when, and the eventId it was sent with. */
export const QuarantineReplaySchema = z.object({
  replayedAt: z.string().describe('RFC 3339, UTC'),
  eventId: z.string(),
});

export const QuarantineEntrySchema = QuarantinePlaceSchema.extend({
  app: z.string().nullable().describe('The app code of the raw event, null when it has none'),
  quarantinedAt: z.string().describe('RFC 3339, UTC'),
  messageId: z.string().describe('SQS MessageId of the message the input came in'),
  index: z.int().nullable().describe("The event's position in its message; null for an unreadable message"),
  reason: z.string().describe('invalid-event or undecodable-message'),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
  eventId: z.string().nullable().describe('The eventId of the raw event, null when it has none'),
  raw: z.string().describe(`The raw input as JSON text, cut to ${Q.maxRawBytes} bytes`),
  rawBytes: z.int().describe('Bytes of the whole raw input as JSON text'),
  rawTruncated: z.boolean(),
  replayed: QuarantineReplaySchema.nullable().describe('Set once `rireki quarantine replay` sent it again'),
});

export const QuarantineListOkReplySchema = z.object({
  ok: z.literal(true),
  kind: z.literal(QUARANTINE_REQUEST_KIND),
  records: z.array(QuarantineEntrySchema),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});

export const QuarantineListReplySchema = z
  .union([QuarantineListOkReplySchema, SearchPointerReplySchema, SearchErrorReplySchema])
  .describe('The reply to a quarantine list; a pointer leads to a QuarantineListOkReply');

export type QuarantineEntry = z.output<typeof QuarantineEntrySchema>;
export type QuarantineReplay = z.output<typeof QuarantineReplaySchema>;
export type QuarantineListOkReply = z.output<typeof QuarantineListOkReplySchema>;
export type QuarantineListReply = z.output<typeof QuarantineListReplySchema>;

/** Whether a request body asks for the quarantine list rather than a search. */
export function isQuarantineListBody(body: unknown): boolean {
  return hasKind(body, QUARANTINE_REQUEST_KIND);
}

/** Validates a quarantine list request: the schema's problems, then from ≤ to and the span cap. */
export function validateQuarantineListRequest(
  body: unknown,
): { ok: true; request: QuarantineListRequest } | { ok: false; problems: ReturnType<typeof fieldProblems> } {
  const parsed = QuarantineListRequestSchema.safeParse(body, CONTRACT_PARSE);
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error) };
  const spanDays = (Date.parse(parsed.data.to) - Date.parse(parsed.data.from)) / 86_400_000;
  if (spanDays < 0) return { ok: false, problems: [{ path: 'from', message: 'must not be after to' }] };
  if (spanDays >= Q.maxSpanDays) {
    return { ok: false, problems: [{ path: 'to', message: `is ${Q.maxSpanDays} days or more after from` }] };
  }
  return { ok: true, request: parsed.data };
}

/** Checks a received quarantine list reply (or the document its pointer leads to) against the contract. */
export function validateQuarantineListReply(
  body: unknown,
  options: { readonly pointed?: boolean } = {},
): ReplyValidation<QuarantineListReply> {
  return validateKindReply(QuarantineListOkReplySchema, body, options);
}

/**
 * One line of a quarantine file, as the ingest worker writes it (the lake's format, read back by
 * the query worker and by replay). Unknown fields are kept.
 */
export const QuarantineLineSchema = z.looseObject({
  quarantinedAt: z.string(),
  messageId: z.string(),
  index: z.int().nullable(),
  reason: z.string(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
  raw: z.unknown(),
  contentEncoding: z.string().optional(),
});

export type QuarantineLine = z.output<typeof QuarantineLineSchema>;
