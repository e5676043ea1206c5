// Over 250 lines: data, one entry per malformed request, each with the reply it must get.
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SearchErrorCode } from '@rireki/contracts';
import { type RawSearchRequest, replyAttributes } from '../support/searchTraffic.js';

/** What must become of a bad request. */
export type BadRequestOutcome =
  /** One `ok: false` reply with this code. */
  | { readonly code: Extract<SearchErrorCode, 'INVALID_REQUEST' | 'INVALID_CURSOR'> }
  /** One `ok: true` reply without rows: a well-formed search of apps that hold no data. */
  | { readonly empty: true }
  /** No reply; the worker logs `query.request.dropped` with a reason starting so. */
  | { readonly dropped: string }
  /** SQS itself refuses the send; the worker never sees it. */
  | { readonly refusedBySqs: true };

export interface BadSearchRequest extends RawSearchRequest {
  readonly kind: string;
  /** The CorrelationId a reply carries, when the request has a usable one. */
  readonly correlationId: string | null;
  readonly outcome: BadRequestOutcome;
}

export interface CorpusOptions {
  /** The reply queue requests name. */
  readonly replyTo: string;
  /** A well-formed queue URL of a queue that does not exist. */
  readonly missingQueueUrl: string;
  /** A one-day range of `app` with data. */
  readonly app: string;
  readonly from: string;
  readonly to: string;
  /** A real nextCursor of the search `{ app, from, to, limit: 1 }`. */
  readonly cursor: string;
}

const INVALID = { code: 'INVALID_REQUEST' } as const;
const BAD_CURSOR = { code: 'INVALID_CURSOR' } as const;
const NO_REPLY_QUEUE = { dropped: 'ReplyTo is missing or not a queue URL' } as const;
const NO_CORRELATION = { dropped: 'CorrelationId is missing' } as const;
const FIELDS = ['app', 'from', 'to', 'filters', 'text', 'order', 'limit', 'cursor', 'includeTotal'] as const;
/** JSON texts no field of a search request accepts. */
const WRONG_VALUES = ['null', '[]', '""', '1.5', '-1', '1e400', '[null]', '{"nested":{"deep":[true]}}'];

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Several hundred search requests that are wrong in every way a sender can get them wrong: bodies
 * that are not JSON or not an object, fields of the wrong type or missing, huge strings, deep
 * nesting, control characters and lone surrogates, bad dates and cursors, unknown apps, and
 * message attributes that are missing, empty, binary, not URLs or name no queue.
 */
export function badSearchCorpus(options: CorpusOptions): BadSearchRequest[] {
  const corpus: BadSearchRequest[] = [];
  const valid = { app: options.app, from: options.from, to: options.to };
  const add = (
    kind: string,
    body: string,
    outcome: BadRequestOutcome,
    attributes?: Record<string, MessageAttributeValue>,
  ) => {
    const correlationId = `bad-${corpus.length}`;
    const usable = attributes === undefined;
    corpus.push({
      kind,
      body,
      attributes: attributes ?? replyAttributes(options.replyTo, correlationId),
      correlationId: usable ? correlationId : null,
      outcome,
    });
  };
  const withField = (name: string, json: string) => {
    const rest = Object.entries(valid)
      .filter(([key]) => key !== name)
      .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
    return `{${[...rest, `${JSON.stringify(name)}:${json}`].join(',')}}`;
  };

  // Not JSON, or JSON that is not an object.
  for (const body of [
    'not json',
    '{',
    '}',
    '{"app":',
    "{'app':'shop'}",
    '{"app":"shop",}',
    '{"app":"shop"} trailing',
    '{"a":1}{"b":2}',
    'undefined',
    'NaN',
    '[1,2',
    '"unterminated',
    '01',
    '\ufeff{}',
    '<search app="shop"/>',
    'app=shop&from=2026-11-01',
    '// comment\n{}',
    ' ',
    '\t\n\r',
    'null',
    'true',
    '42',
    '"shop"',
    '[]',
    `[${JSON.stringify(valid)}]`,
  ]) {
    add('not a JSON object', body, INVALID);
  }

  // Every field with values no field accepts.
  for (const field of FIELDS) {
    for (const json of WRONG_VALUES) add(`${field} of the wrong type`, withField(field, json), INVALID);
  }

  // Missing required fields, alone and together; unknown fields.
  const required = ['app', 'from', 'to'] as const;
  for (let mask = 1; mask < 8; mask++) {
    const kept = Object.fromEntries(
      required.filter((_, i) => (mask & (1 << i)) === 0).map((key) => [key, valid[key]]),
    );
    add('required fields missing', JSON.stringify(kept), INVALID);
  }
  for (const extra of ['"extra":1', '"__proto__":{"admin":true}', '"constructor":{}', '"App":"shop"']) {
    add('unknown field', `${JSON.stringify(valid).slice(0, -1)},${extra}}`, INVALID);
  }

  // Values of the right type that break a rule.
  for (const [name, json] of [
    ['app', '"Shop!"'],
    ['app', '["shop","Shop"]'],
    ['app', JSON.stringify(Array.from({ length: 101 }, (_, i) => `app${i}`))],
    ['limit', '0'],
    ['limit', '1001'],
    ['limit', '"50"'],
    ['order', '"up"'],
    ['text', '""'],
    ['filters', '{"bogus":1}'],
    ['filters', '{"attributes.":"x"}'],
    ['filters', '{"userId":{}}'],
    ['filters', '{"status":{"gte":"a"}}'],
    ['filters', '{"userId":[]}'],
    ['filters', `{"userId":${JSON.stringify(Array.from({ length: 101 }, (_, i) => `u${i}`))}}`],
  ] as const) {
    add('a rule broken', withField(name, json), INVALID);
  }

  // Dates.
  const day = (offset: number) => new Date(Date.parse(options.from) + offset * 86_400_000).toISOString();
  for (const [from, to] of [
    [options.to, options.from],
    [options.from, options.from],
    [day(0), day(94)],
    ['2026-13-01T00:00:00Z', options.to],
    ['2026-11-01', options.to],
    ['2026-11-01T00:00:00', options.to],
    ['yesterday', options.to],
    [options.from, '2026-11-01T25:00:00Z'],
  ]) {
    add('bad dates', JSON.stringify({ ...valid, from, to }), INVALID);
  }
  add('dates as epoch numbers', withField('from', String(Date.parse(options.from))), INVALID);

  // Huge strings and many values (well under the 1 MiB SQS limit, far over the contract's).
  add('huge app', withField('app', JSON.stringify('a'.repeat(300_000))), INVALID);
  add('huge text', withField('text', JSON.stringify('x'.repeat(500_000))), INVALID);
  add('huge filter value', withField('filters', JSON.stringify({ userId: 'u'.repeat(200_000) })), INVALID);
  add('huge filter name', withField('filters', JSON.stringify({ ['k'.repeat(100_000)]: 1 })), INVALID);
  add('huge cursor', withField('cursor', JSON.stringify('A'.repeat(800_000))), INVALID);
  add(
    'huge unknown field',
    `${JSON.stringify(valid).slice(0, -1)},${JSON.stringify('f'.repeat(400_000))}:1}`,
    INVALID,
  );
  add(
    'a valid search padded to 900 KB',
    `${' '.repeat(450_000)}${JSON.stringify({ ...valid, app: 'nosuchapp' })}${'\n'.repeat(450_000)}`,
    { empty: true },
  );

  // Deep nesting.
  add('50,000 nested arrays', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, INVALID);
  add('20,000 nested objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, INVALID);
  add(
    'a filter value nested 10,000 deep',
    withField('filters', `{"userId":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`),
    INVALID,
  );
  add(
    'an unknown field nested 10,000 deep',
    `${JSON.stringify(valid).slice(0, -1)},"x":${'{"x":'.repeat(10_000)}0${'}'.repeat(10_001)}`,
    INVALID,
  );

  // Control characters and lone surrogates: escaped in JSON they reach the worker; raw, SQS refuses them.
  for (let code = 0; code < 0x20; code++) {
    const escaped = `\\u${code.toString(16).padStart(4, '0')}`;
    add('a control character in app', withField('app', `"sh${escaped}op"`), INVALID);
    add('a control character in from', withField('from', `"${options.from}${escaped}"`), INVALID);
  }
  for (const escaped of ['\\ud800', '\\udfff', '\\ud83d']) {
    add('a lone surrogate in app', withField('app', `"shop${escaped}"`), INVALID);
    add('a lone surrogate in order', withField('order', `"desc${escaped}"`), INVALID);
  }
  for (const raw of ['\u0000', '\u0001', '\u0008', '\u001f', '\ud800', '\udc00', '\ufffe', '\uffff']) {
    add('a raw character SQS does not carry', `${JSON.stringify(valid).slice(0, -1)}${raw}}`, {
      refusedBySqs: true,
    });
  }

  // Cursors that are not a nextCursor of this search.
  const tuple = (items: unknown[]) => base64url(JSON.stringify(items));
  for (const cursor of [
    'garbage!',
    'AAAA',
    '====',
    base64url('not json'),
    base64url('[1,2,3]'),
    tuple([2, 0, 'e', 'shop', 'desc', 0, 'h']),
    tuple([1, 'x', 'e', 'shop', 'desc', 0, 'h']),
    tuple([1, 0, 'e', 'shop', 'sideways', 0, 'h']),
    options.cursor.slice(0, options.cursor.length >> 1),
  ]) {
    add('a cursor that is not one', JSON.stringify({ ...valid, cursor }), BAD_CURSOR);
  }
  add(
    'a cursor of another search',
    JSON.stringify({ ...valid, text: 'other', cursor: options.cursor }),
    BAD_CURSOR,
  );
  add(
    'a cursor with the order turned',
    JSON.stringify({ ...valid, order: 'asc', cursor: options.cursor }),
    BAD_CURSOR,
  );

  // Apps that hold no data: a well-formed search, answered with nothing.
  for (const app of ['nosuchapp', ['nosuchapp', 'other'], 'a', `z${'9'.repeat(62)}`, 'x_y-z']) {
    add('an app with no data', JSON.stringify({ ...valid, app }), { empty: true });
  }

  // Random printable text: never a search (it would need app, from and to).
  const next = random(20_261_124);
  for (let n = 0; n < 100; n++) {
    const length = 1 + Math.floor(next() * 200);
    const text = Array.from({ length }, () => String.fromCharCode(0x20 + Math.floor(next() * 95))).join('');
    add('random printable text', text, INVALID);
  }

  // Message attributes.
  const body = JSON.stringify({ ...valid, app: 'nosuchapp' });
  const string = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
  const binary = (value: string): MessageAttributeValue => ({
    DataType: 'Binary',
    BinaryValue: Buffer.from(value, 'utf8'),
  });
  const id = () => `attr-${corpus.length}`;
  add('no attributes at all', body, NO_REPLY_QUEUE, {});
  add('no ReplyTo', body, NO_REPLY_QUEUE, { CorrelationId: string(id()) });
  // Real SQS refuses an empty attribute value at send; the embedded endpoint passes it on.
  add('an empty ReplyTo', body, NO_REPLY_QUEUE, { ReplyTo: string(''), CorrelationId: string(id()) });
  add('a binary ReplyTo', body, NO_REPLY_QUEUE, {
    ReplyTo: binary(options.replyTo),
    CorrelationId: string(id()),
  });
  for (const replyTo of [
    'rireki-reply',
    'ftp://127.0.0.1/000000000000/q',
    'javascript:alert(1)',
    ` ${options.replyTo}`,
    '//127.0.0.1/000000000000/q',
  ]) {
    add('a ReplyTo that is not a queue URL', body, NO_REPLY_QUEUE, {
      ReplyTo: string(replyTo),
      CorrelationId: string(id()),
    });
  }
  add(
    'a ReplyTo of a queue that does not exist',
    body,
    { dropped: 'reply queue does not exist' },
    {
      ReplyTo: string(options.missingQueueUrl),
      CorrelationId: string(id()),
    },
  );
  add('no CorrelationId', body, NO_CORRELATION, { ReplyTo: string(options.replyTo) });
  add('an empty CorrelationId', body, NO_CORRELATION, {
    ReplyTo: string(options.replyTo),
    CorrelationId: string(''),
  });
  add('a binary CorrelationId', body, NO_CORRELATION, {
    ReplyTo: string(options.replyTo),
    CorrelationId: binary('binary-id'),
  });

  // Odd but usable attributes: answered like any other request.
  const usable = (kind: string, correlationId: string, extra: Record<string, MessageAttributeValue>) => {
    corpus.push({
      kind,
      body,
      attributes: { ...replyAttributes(options.replyTo, correlationId), ...extra },
      correlationId,
      outcome: { empty: true },
    });
  };
  usable('a 100 KB CorrelationId', `c${'0123456789'.repeat(10_000)}`, {});
  usable('a CorrelationId in other scripts', '相関-корреляция-😀', {});
  usable('unknown extra attributes', `attr-extra-${corpus.length}`, {
    Foo: binary('bar'),
    'Content-Encoding': string('gzip'),
  });
  usable('a signature in open access', `attr-signed-${corpus.length}`, {
    Requester: string('nobody'),
    Signature: string('not-a-signature'),
  });
  return corpus;
}
