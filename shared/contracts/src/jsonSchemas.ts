import { z } from 'zod';
import { ActionLogEventSchema } from './actionLog.js';
import {
  HistogramReplySchema,
  HistogramRequestSchema,
  TopValuesReplySchema,
  TopValuesRequestSchema,
} from './aggregates.js';
import { AppsListReplySchema, AppsListRequestSchema } from './appsList.js';
import { QuarantineListReplySchema, QuarantineListRequestSchema } from './quarantine.js';
import { SearchReplySchema, SearchRequestSchema } from './search.js';

const SCHEMA_ID = 'urn:rireki:schema:action-log:v1';

/** JSON Schema of an action-log v1 message body: one event, or `{"events": [...]}`. */
export function actionLogJsonSchema(): Record<string, unknown> {
  const event = z.toJSONSchema(ActionLogEventSchema, { target: 'draft-2020-12', io: 'input' });
  const { $schema: _ignored, ...eventSchema } = event;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'rireki action-log message body, contract v1',
    description:
      'The body of an SQS message on the ingest queue: one event, or {"events": [...]} with many. ' +
      'A producer may gzip the body and base64 it, marked by the message attribute Content-Encoding = gzip. ' +
      'The worker also enforces what JSON Schema cannot say: occurredAt between 2000-01-01 and 24 h after ' +
      'receipt, nesting depth <= 32, and one event <= 256 KiB as JSON.',
    oneOf: [
      { $ref: '#/$defs/event' },
      {
        type: 'object',
        properties: { events: { type: 'array', minItems: 1, items: { $ref: '#/$defs/event' } } },
        required: ['events'],
        additionalProperties: false,
      },
    ],
    $defs: { event: eventSchema },
  };
}

/** Every published schema, by file name under `shared/contracts/schema/`. */
export function publishedJsonSchemas(): Record<string, Record<string, unknown>> {
  return {
    'action-log.v1.schema.json': actionLogJsonSchema(),
    'search-request.v1.schema.json': withId(
      z.toJSONSchema(SearchRequestSchema, { target: 'draft-2020-12', io: 'input' }),
      'urn:rireki:schema:search-request:v1',
      'rireki search request body, contract v1 (message attributes: ReplyTo, CorrelationId)',
    ),
    'search-reply.v1.schema.json': withId(
      z.toJSONSchema(SearchReplySchema, { target: 'draft-2020-12', io: 'output' }),
      'urn:rireki:schema:search-reply:v1',
      'rireki search reply body, contract v1 (message attribute: CorrelationId)',
    ),
    'quarantine-list-request.v1.schema.json': withId(
      z.toJSONSchema(QuarantineListRequestSchema, { target: 'draft-2020-12', io: 'input' }),
      'urn:rireki:schema:quarantine-list-request:v1',
      'rireki quarantine list request body, on the search queue (message attributes: ReplyTo, CorrelationId)',
    ),
    'quarantine-list-reply.v1.schema.json': withId(
      z.toJSONSchema(QuarantineListReplySchema, { target: 'draft-2020-12', io: 'output' }),
      'urn:rireki:schema:quarantine-list-reply:v1',
      'rireki quarantine list reply body (message attribute: CorrelationId)',
    ),
    ...requestKind('histogram', 'histogram', HistogramRequestSchema, HistogramReplySchema),
    ...requestKind('top-values', 'top values', TopValuesRequestSchema, TopValuesReplySchema),
    ...requestKind('apps-list', 'apps list', AppsListRequestSchema, AppsListReplySchema),
  };
}

/** The request and reply schemas of one request kind on the search queue. */
function requestKind(
  file: string,
  name: string,
  request: z.ZodType,
  reply: z.ZodType,
): Record<string, Record<string, unknown>> {
  return {
    [`${file}-request.v1.schema.json`]: withId(
      z.toJSONSchema(request, { target: 'draft-2020-12', io: 'input' }),
      `urn:rireki:schema:${file}-request:v1`,
      `rireki ${name} request body, on the search queue (message attributes: ReplyTo, CorrelationId)`,
    ),
    [`${file}-reply.v1.schema.json`]: withId(
      z.toJSONSchema(reply, { target: 'draft-2020-12', io: 'output' }),
      `urn:rireki:schema:${file}-reply:v1`,
      `rireki ${name} reply body (message attribute: CorrelationId)`,
    ),
  };
}

function withId(schema: Record<string, unknown>, id: string, title: string): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  return { $schema, $id: id, title, ...rest };
}
