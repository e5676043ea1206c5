// Over 250 lines: the Athena engine's own cases (parameters, polling, paging, decoding, throttling,
// stopping, the files a rewrite replaced), each against the exact commands; the cases every engine
// shares are in QueryEngine.contract.test.ts. The lake is S3 through the embedded endpoint's S3 API.
import { randomUUID } from 'node:crypto';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { replacementKey, StorageError } from '@rireki/contracts';
import { QueryEngineError, type SqlStatement } from '@rireki/ports';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { putReplacement, replacementRecord } from '../lake/testing/replacementRecord.js';
import { DirectoryObjectStore } from '../local/DirectoryObjectStore.js';
import { type EmbeddedSqs, startEmbeddedSqs } from '../local/startEmbeddedSqs.js';
import { embeddedS3Client } from '../testing/embeddedS3Client.js';
import {
  ATHENA_DIALECT,
  AthenaQueryEngine,
  type AthenaQueryEngineOptions,
  MAX_EXCLUDED_FILES,
} from './AthenaQueryEngine.js';
import { S3ObjectStore } from './S3ObjectStore.js';
import { resultPage, serviceError, virtualClock } from './testing/athenaTesting.js';

const client = new AthenaClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const athena = mockClient(client);
let clock: ReturnType<typeof virtualClock>;
let endpoint: EmbeddedSqs;
let s3: S3Client;
let bucket: string;
let store: S3ObjectStore;

beforeAll(async () => {
  endpoint = await startEmbeddedSqs({ port: 0 });
  s3 = embeddedS3Client(endpoint.endpoint, { maxAttempts: 1 });
  bucket = `rireki-athena-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

afterAll(async () => {
  s3?.destroy();
  await endpoint?.stop();
});

beforeEach(() => {
  athena.reset();
  clock = virtualClock();
  // A lake of its own for each test, under its own prefix of the bucket.
  store = new S3ObjectStore({ client: s3, lake: `s3://${bucket}/${randomUUID().slice(0, 8)}` });
});

function engine(options: Partial<AthenaQueryEngineOptions> = {}): AthenaQueryEngine {
  return new AthenaQueryEngine({
    client,
    database: 'rireki',
    workgroup: 'rireki-wg',
    store,
    clock,
    ...options,
  });
}

function execution(state: QueryExecutionState, extra: object = {}): GetQueryExecutionCommandOutput {
  return { $metadata: {}, QueryExecution: { QueryExecutionId: 'q-1', Status: { State: state, ...extra } } };
}

const STATEMENT: SqlStatement = {
  sql: 'SELECT app, event_id FROM t WHERE app IN (?, ?) AND status = ? AND duration_ms < ? AND path = ? AND ok = ? AND x IS NOT DISTINCT FROM ?',
  params: ['shop', "o'brien \\ %", 404, 2.5, '', true, null],
};

describe('AthenaQueryEngine.query', () => {
  it('starts the statement with every value as an ExecutionParameter literal, in the workgroup', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultPage([['app', 'varchar']], [], { header: true }));

    // Act
    await engine({ outputLocation: 's3://results-bucket/athena/' }).query(STATEMENT, { timeoutMs: 10_000 });

    // Assess
    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 1);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: STATEMENT.sql,
      ExecutionParameters: ["'shop'", "'o''brien \\ %'", '404', "DOUBLE '2.5'", "''", 'true', 'NULL'],
      WorkGroup: 'rireki-wg',
      QueryExecutionContext: { Database: 'rireki' },
      ResultConfiguration: { OutputLocation: 's3://results-bucket/athena/' },
    });
    expect(athena).toHaveReceivedCommandWith(GetQueryExecutionCommand, { QueryExecutionId: 'q-1' });
    expect(athena).toHaveReceivedCommandWith(GetQueryResultsCommand, {
      QueryExecutionId: 'q-1',
      MaxResults: 1000,
    });
  });

  it('sends no ExecutionParameters and no ResultConfiguration when there are none', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultPage([['n', 'bigint']], [['3']], { header: true }));

    const result = await engine().query(
      { sql: 'SELECT count(*) AS n FROM t', params: [] },
      { timeoutMs: 5_000 },
    );

    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'SELECT count(*) AS n FROM t',
      WorkGroup: 'rireki-wg',
      QueryExecutionContext: { Database: 'rireki' },
    });
    expect(result.rows).toEqual([{ n: 3 }]);
  });

  it('polls with waits doubling from 100 ms to 2 s until SUCCEEDED, and reports the bytes scanned', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    const running = athena.on(GetQueryExecutionCommand);
    for (const state of [
      'QUEUED',
      'RUNNING',
      'RUNNING',
      'QUEUED',
      'RUNNING',
      'RUNNING',
      'RUNNING',
    ] as const) {
      running.resolvesOnce(execution(state));
    }
    running.resolves({
      $metadata: {},
      QueryExecution: {
        QueryExecutionId: 'q-1',
        Status: { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 123_456 },
      },
    });
    athena
      .on(GetQueryResultsCommand)
      .resolves(resultPage([['app', 'varchar']], [['shop']], { header: true }));

    // Act
    const result = await engine().query({ sql: 'SELECT app FROM t', params: [] }, { timeoutMs: 60_000 });

    // Assess
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
    expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 8);
    expect(result).toEqual({ rows: [{ app: 'shop' }], bytesScanned: 123_456 });
  });

  it('reads every page of the results, skipping the header row of the first page only', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    const columns = [['event_id', 'varchar']] as const;
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(resultPage(columns, [['e1'], ['e2']], { header: true, nextToken: 'page-2' }))
      .resolvesOnce(resultPage(columns, [['event_id'], ['e4']], { nextToken: 'page-3' }))
      .resolvesOnce(resultPage(columns, [['e5']]));

    // Act
    const result = await engine({ pageSize: 2 }).query(
      { sql: 'SELECT event_id FROM t', params: [] },
      { timeoutMs: 5_000 },
    );

    // Assess: a later page's first row is data, even when it reads like a header.
    expect(result.rows).toEqual([
      { event_id: 'e1' },
      { event_id: 'e2' },
      { event_id: 'event_id' },
      { event_id: 'e4' },
      { event_id: 'e5' },
    ]);
    expect(athena.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input)).toEqual([
      { QueryExecutionId: 'q-1', MaxResults: 2 },
      { QueryExecutionId: 'q-1', MaxResults: 2, NextToken: 'page-2' },
      { QueryExecutionId: 'q-1', MaxResults: 2, NextToken: 'page-3' },
    ]);
  });

  it('decodes each value by its column type: timestamps to epoch ms, maps to objects, NULL to null', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    const columns = [
      ['event_id', 'varchar'],
      ['status', 'integer'],
      ['total', 'bigint'],
      ['duration_ms', 'double'],
      ['ok', 'boolean'],
      ['occurred_at', 'timestamp'],
      ['zoned', 'timestamp with time zone'],
      ['day', 'date'],
      ['attributes', 'json'],
      ['raw_map', 'map(varchar, varchar)'],
      ['extra', 'varchar'],
    ] as const;
    athena.on(GetQueryResultsCommand).resolves(
      resultPage(
        columns,
        [
          [
            'e-1',
            '404',
            '9007199254740991',
            '12.5',
            'true',
            '2026-11-24 00:30:00.123',
            '2026-11-24 09:30:00.123 +09:00',
            '2026-11-24',
            '{"orderId":"ORD-1","city":"Tokyo, Japan","q":"a=b"}',
            '{orderId=ORD-1, city=Tokyo, Japan}',
            '',
          ],
          [
            'e-2',
            undefined,
            '0',
            '-0.25',
            'false',
            '2026-11-24 00:30:00.000',
            '2026-11-24 00:30:00.000 UTC',
            undefined,
            '{}',
            '{}',
            undefined,
          ],
        ],
        { header: true },
      ),
    );

    // Act
    const result = await engine().query({ sql: 'SELECT * FROM t', params: [] }, { timeoutMs: 5_000 });

    // Assess
    const at = Date.UTC(2026, 10, 24, 0, 30, 0, 123);
    expect(result.rows).toEqual([
      {
        event_id: 'e-1',
        status: 404,
        total: 9007199254740991,
        duration_ms: 12.5,
        ok: true,
        occurred_at: at,
        zoned: at,
        day: Date.UTC(2026, 10, 24),
        attributes: { orderId: 'ORD-1', city: 'Tokyo, Japan', q: 'a=b' },
        raw_map: { orderId: 'ORD-1', city: 'Tokyo, Japan' },
        extra: '',
      },
      {
        event_id: 'e-2',
        status: null,
        total: 0,
        duration_ms: -0.25,
        ok: false,
        occurred_at: at - 123,
        zoned: at - 123,
        day: null,
        attributes: {},
        raw_map: {},
        extra: null,
      },
    ]);
  });

  it('tries a throttled call again after a back-off, within the time budget', async () => {
    // Prepare
    const throttled = new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .rejectsOnce(serviceError('ThrottlingException'))
      .resolves(execution('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolves(resultPage([['app', 'varchar']], [['shop']], { header: true }));

    // Act
    const result = await engine().query({ sql: 'SELECT app FROM t', params: [] }, { timeoutMs: 10_000 });

    // Assess: 100 + 200 for StartQueryExecution, the first poll wait, then 100 for the throttled poll.
    expect(result.rows).toEqual([{ app: 'shop' }]);
    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 3);
    expect(clock.sleeps).toEqual([100, 200, 100, 100]);
  });

  it('gives up as timed out when throttling outlasts the budget, without starting a query', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));

    const failure = await engine()
      .query({ sql: 'SELECT 1', params: [] }, { timeoutMs: 1_000 })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(QueryEngineError);
    expect(failure).toMatchObject({ timedOut: true });
    expect(athena).not.toHaveReceivedCommand(StopQueryExecutionCommand);
  });

  it.each([
    [
      'FAILED' as const,
      {
        StateChangeReason: 'COLUMN_NOT_FOUND: line 1:8: Column x cannot be resolved',
        AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false },
      },
      /q-1 FAILED \(error type 1006\): COLUMN_NOT_FOUND: line 1:8/,
    ],
    [
      'CANCELLED' as const,
      { StateChangeReason: 'Query cancelled by user' },
      /q-1 CANCELLED: Query cancelled by user/,
    ],
  ])(
    'rejects a %s query with a QueryEngineError that keeps the reason for logs',
    async (state, status, message) => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
      athena
        .on(GetQueryExecutionCommand)
        .resolvesOnce(execution('RUNNING'))
        .resolves(execution(state, status));

      // Act
      const failure = await engine()
        .query({ sql: 'SELECT x FROM t', params: [] }, { timeoutMs: 10_000 })
        .catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(QueryEngineError);
      expect(failure).toMatchObject({ timedOut: false, message: expect.stringMatching(message) });
      expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
      expect(athena).not.toHaveReceivedCommand(StopQueryExecutionCommand);
    },
  );

  it('stops the query and rejects as timed out when it runs past its time', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-slow' });
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});

    // Act
    const failure = await engine()
      .query({ sql: 'SELECT 1', params: [] }, { timeoutMs: 1_000 })
      .catch((error: unknown) => error);

    // Assess: the waits never pass the deadline: 100 + 200 + 400 + 300.
    expect(failure).toBeInstanceOf(QueryEngineError);
    expect(failure).toMatchObject({ timedOut: true, message: expect.stringContaining('q-slow') });
    expect(clock.sleeps).toEqual([100, 200, 400, 300]);
    expect(athena).toHaveReceivedCommandExactlyOnceWith(StopQueryExecutionCommand, {
      QueryExecutionId: 'q-slow',
    });
  });

  it('stops the query when polling fails for another reason', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).rejects(serviceError('InternalServerException', 'server'));

    const failure = await engine()
      .query({ sql: 'SELECT 1', params: [] }, { timeoutMs: 5_000 })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({
      name: 'QueryEngineError',
      timedOut: false,
      message: expect.stringContaining('InternalServerException'),
    });
    expect(athena).toHaveReceivedCommandWith(StopQueryExecutionCommand, { QueryExecutionId: 'q-1' });
  });

  it('refuses a list value and an over-long one before calling Athena', async () => {
    const run = (params: SqlStatement['params']) =>
      engine().query({ sql: 'SELECT 1 WHERE x = ?', params }, { timeoutMs: 5_000 });

    await expect(run([['a', 'b']])).rejects.toThrow(/parameter 1 is a list/);
    await expect(run(['x'.repeat(1023)])).rejects.toThrow(/parameter 1 is 1025 characters/);
    await expect(run([Number.NaN])).rejects.toThrow(QueryEngineError);
    expect(athena).not.toHaveReceivedAnyCommand();
  });
});

describe('AthenaQueryEngine.source', () => {
  const SHOP = { app: 'shop', dt: '2026-11-24' };
  const BOOKS = { app: 'books', dt: '2026-11-25' };
  const COLUMNS =
    'app, dt, event_id, occurred_at, received_at, action, method, path, status, duration_ms, user_id, ip, user_agent, params, ' +
    'CAST(attributes AS JSON) AS attributes, extra';
  const file = (partition: typeof SHOP, name: string) =>
    `action_logs/app=${partition.app}/dt=${partition.dt}/${name}.parquet`;
  /** What a search does with the source: one query over it, with a value of its own after the source's. */
  const searchOver = (source: SqlStatement) =>
    engine().query(
      { sql: `SELECT count(*) AS n FROM ${source.sql} WHERE app = ?`, params: [...source.params, 'shop'] },
      { timeoutMs: 5_000 },
    );

  beforeEach(() => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultPage([['n', 'bigint']], [['0']], { header: true }));
  });

  it('is the Glue table, map column as JSON, when no partition searched holds a record; null for none', async () => {
    await putReplacement(
      store,
      replacementRecord({ app: 'shop', dt: '2026-11-23' }, 'r1', [file(SHOP, 'a')]),
    );

    const source = await engine().source([SHOP, BOOKS]);

    expect(source).toEqual({
      sql: `(SELECT ${COLUMNS} FROM "rireki"."action_logs") AS action_logs`,
      params: [],
    });
    expect(await engine().source([])).toBeNull();
  });

  it('leaves out exactly the files the records of the partitions searched replaced, by their s3:// URIs, each bound to a ?', async () => {
    // Prepare: records in two of the three partitions searched, and one of an app not searched.
    const shopDay = { app: 'shop', dt: '2026-11-26' };
    await putReplacement(
      store,
      replacementRecord(SHOP, 'r1', [file(SHOP, 'a'), file(SHOP, 'b')], [file(SHOP, 'c')]),
    );
    await putReplacement(store, replacementRecord(BOOKS, 'r2', [file(BOOKS, "o'brien")]));
    const shopping = { app: 'shopping', dt: SHOP.dt };
    await putReplacement(store, replacementRecord(shopping, 'r3', [file(shopping, 'x')]));
    const lake = store.location;

    // Act
    const source = await engine().source([SHOP, BOOKS, shopDay]);
    if (source === null) throw new Error('no source');
    await searchOver(source);

    // Assess
    const excluded = [
      `${lake}/${file(BOOKS, "o'brien")}`,
      `${lake}/${file(SHOP, 'a')}`,
      `${lake}/${file(SHOP, 'b')}`,
    ];
    expect(source).toEqual({
      sql: `(SELECT ${COLUMNS} FROM "rireki"."action_logs" WHERE "$path" NOT IN (?, ?, ?)) AS action_logs`,
      params: excluded,
    });
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toMatchObject({
      QueryString: `SELECT count(*) AS n FROM ${source.sql} WHERE app = ?`,
      ExecutionParameters: [
        `'${lake}/action_logs/app=books/dt=2026-11-25/o''brien.parquet'`,
        `'${lake}/action_logs/app=shop/dt=2026-11-24/a.parquet'`,
        `'${lake}/action_logs/app=shop/dt=2026-11-24/b.parquet'`,
        "'shop'",
      ],
    });
    expect(lake).toMatch(new RegExp(`^s3://${bucket}/[0-9a-f]{8}$`));
  });

  it('still leaves out the files of a record whose replaced files were already removed', async () => {
    // The maintenance worker removes the replaced files, then the record; it was stopped in between.
    await store.put(file(SHOP, 'a'), 'x');
    await putReplacement(store, replacementRecord(SHOP, 'r1', [file(SHOP, 'a')]));
    await store.delete(file(SHOP, 'a'));

    const source = await engine().source([SHOP]);

    expect(source?.params).toEqual([store.uriOf(file(SHOP, 'a'))]);
    expect(source?.sql).toContain('WHERE "$path" NOT IN (?)');
  });

  it('names a file replaced twice once', async () => {
    await putReplacement(store, replacementRecord(SHOP, 'r1', [file(SHOP, 'a'), file(SHOP, 'b')]));
    await putReplacement(store, replacementRecord(SHOP, 'r2', [file(SHOP, 'b')]));

    const source = await engine().source([SHOP]);

    expect(source?.params).toEqual([store.uriOf(file(SHOP, 'a')), store.uriOf(file(SHOP, 'b'))]);
  });

  it('refuses a record it cannot read, naming it, before calling Athena', async () => {
    await store.put(replacementKey(SHOP, 'broken'), '{"version":1,');

    const failure = await engine()
      .source([SHOP])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).toMatchObject({ retryable: false, message: expect.stringContaining('broken.json') });
    expect(athena).not.toHaveReceivedAnyCommand();
  });

  it(`refuses to leave out more than ${MAX_EXCLUDED_FILES} files, rather than read them`, async () => {
    const names = Array.from({ length: MAX_EXCLUDED_FILES + 1 }, (_, i) => file(SHOP, `f${i}`));
    await putReplacement(store, replacementRecord(SHOP, 'r1', names.slice(0, MAX_EXCLUDED_FILES)));
    expect((await engine().source([SHOP]))?.params).toHaveLength(MAX_EXCLUDED_FILES);
    await putReplacement(store, replacementRecord(SHOP, 'r2', names.slice(MAX_EXCLUDED_FILES)));

    const failure = await engine()
      .source([SHOP])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(QueryEngineError);
    expect(failure).toMatchObject({ message: expect.stringContaining(`${MAX_EXCLUDED_FILES + 1} files`) });
  });

  it('refuses a database name that is not a Glue name, and a lake that is not on S3', async () => {
    expect(() => engine({ database: 'x"; DROP' })).toThrow(/Glue name/);
    expect(() => engine({ store: new DirectoryObjectStore('/tmp/lake') })).toThrow(/s3:\/\/ lake/);
  });
});

describe('ATHENA_DIALECT', () => {
  it('spells map access, epoch-millisecond instants and case-insensitive LIKE for Athena', () => {
    expect(ATHENA_DIALECT.mapValue('attributes')).toBe(
      'element_at(CAST(attributes AS map(varchar, varchar)), ?)',
    );
    expect(ATHENA_DIALECT.timestampFromEpochMs()).toBe(
      "date_add('millisecond', ?, TIMESTAMP '1970-01-01 00:00:00.000')",
    );
    expect(ATHENA_DIALECT.epochMsOf('occurred_at')).toBe(
      "date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000', occurred_at)",
    );
    expect(ATHENA_DIALECT.likeIgnoringCase('path')).toBe("lower(path) LIKE lower(?) ESCAPE '\\'");
  });
});
