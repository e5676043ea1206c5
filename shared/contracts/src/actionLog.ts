import { z } from 'zod';

/**
 * Action-log contract v1: one JSON record per handled request. Apps in other languages depend on
 * it, so it only ever grows by optional fields. The published JSON Schema
 * (`schema/action-log.v1.schema.json`) is generated from these schemas, never written by hand.
 */

export const ACTION_LOG_CONTRACT_VERSION = 1;

/** `app`: the code that separates one app's history from another's. */
export const APP_CODE_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;

/** Limits of contract v1. An event over a limit is quarantined with the field named, never truncated. */
export const ACTION_LOG_LIMITS = {
  eventIdLength: 128,
  actionLength: 256,
  methodLength: 16,
  pathLength: 4096,
  userIdLength: 256,
  ipLength: 64,
  userAgentLength: 1024,
  attributeCount: 100,
  attributeKeyLength: 128,
  attributeValueLength: 4096,
  minStatus: 0,
  maxStatus: 999,
  /** Deepest nesting of objects and arrays inside `params` and the extra fields. */
  maxDepth: 32,
  /** One event, serialized as JSON. */
  maxEventBytes: 256 * 1024,
  /** SQS refuses larger bodies; a gzip'd body is counted after base64. */
  maxMessageBytes: 1024 * 1024,
  /** Earliest accepted occurredAt: earlier values are almost always seconds sent as milliseconds. */
  minOccurredAtMs: Date.UTC(2000, 0, 1),
  /** How far in the future of the worker's clock occurredAt may be (clock skew between hosts). */
  maxFutureSkewMs: 24 * 60 * 60 * 1000,
} as const;

const L = ACTION_LOG_LIMITS;

const text = (max: number) =>
  z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

export const AppCodeSchema = z
  .string()
  .regex(APP_CODE_PATTERN, {
    error: 'must be a lowercase letter followed by up to 62 lowercase letters, digits, "_" or "-"',
  })
  .describe('App code that separates apps: ^[a-z][a-z0-9_-]{0,62}$');

export const OccurredAtSchema = z
  .union([z.iso.datetime({ offset: true }), z.int().min(0)], {
    error: 'must be an RFC 3339 timestamp with offset (e.g. 2026-11-24T09:30:00+09:00) or epoch milliseconds',
  })
  .describe('When the request was handled: RFC 3339 with offset, or epoch milliseconds');

const AttributeValueSchema = z.union([z.string().max(L.attributeValueLength), z.number(), z.boolean()], {
  error: `must be a string (at most ${L.attributeValueLength} characters), a number or a boolean`,
});

export const ActionLogEventSchema = z
  .looseObject({
    app: AppCodeSchema,
    occurredAt: OccurredAtSchema,
    eventId: text(L.eventIdLength)
      .nullish()
      .describe(
        'Unique id of the event; when absent the worker derives one from the SQS MessageId and index',
      ),
    action: text(L.actionLength).nullish().describe('Route or controller action, e.g. OrderController@store'),
    method: text(L.methodLength).nullish().describe('HTTP method'),
    path: z.string().max(L.pathLength).nullish().describe('Request path'),
    status: z.int().min(L.minStatus).max(L.maxStatus).nullish().describe('Response status'),
    durationMs: z.number().min(0).nullish().describe('Handling time in milliseconds'),
    userId: z
      .union([text(L.userIdLength), z.int()], {
        error: `must be a string of 1-${L.userIdLength} characters or an integer`,
      })
      .nullish()
      .describe('Acting user (string or integer, stored as text)'),
    ip: z.string().max(L.ipLength).nullish().describe('Client address'),
    userAgent: z.string().max(L.userAgentLength).nullish().describe('Client user agent'),
    params: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('Request input after redaction (an object), stored as JSON text'),
    attributes: z
      .record(z.string().min(1).max(L.attributeKeyLength), AttributeValueSchema)
      .refine((value) => Object.keys(value).length <= L.attributeCount, {
        error: `must have at most ${L.attributeCount} keys`,
      })
      .nullish()
      .describe('App-specific fields such as an order id: strings, numbers or booleans'),
  })
  .describe('One handled request. Any other top-level field is kept in the extra column.');

/** A producer's event as it arrives (before defaults); `eventId` and the optional fields may be absent. */
export type ActionLogEvent = z.input<typeof ActionLogEventSchema>;
export type ParsedActionLogEvent = z.output<typeof ActionLogEventSchema>;

export const ActionLogPackSchema = z
  .object({
    events: z.array(z.unknown()).min(1, { error: 'must hold at least one event' }),
  })
  .describe('Many events packed in one SQS message');

/** The fields contract v1 names; every other top-level field of an event goes to `extra`. */
export const ACTION_LOG_FIELDS: ReadonlySet<string> = new Set(Object.keys(ActionLogEventSchema.shape));

/** Message attribute that marks a gzip'd, base64'd body. */
export const CONTENT_ENCODING_ATTRIBUTE = 'Content-Encoding';
export const GZIP_ENCODING = 'gzip';
