// Over 250 lines: the Athena engine's own cases (parameters, polling, paging, decoding, throttling,
// stopping), each against the exact commands; the cases every engine shares are in
// QueryEngine.contract.test.ts.
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
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { QueryEngineError, type SqlStatement } from '@rireki/ports';
import { beforeEach, describe, expect, it } from 'vitest';
import { ATHENA_DIALECT, AthenaQueryEngine, type AthenaQueryEngineOptions } from './AthenaQueryEngine.js';
import { resultPage, serviceError, virtualClock } from './testing/athenaTesting.js';

const client = new AthenaClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const athena = mockClient(client);
let clock: ReturnType<typeof virtualClock>;

beforeEach(() => {
  athena.reset();
  clock = virtualClock();
});

function engine(options: Partial<AthenaQueryEngineOptions> = {}): AthenaQueryEngine {
  return new AthenaQueryEngine({ client, database: 'rireki', workgroup: 'rireki-wg', clock, ...options });
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
  it('is the Glue table for any partitions, with the map column as JSON, and null for none', async () => {
    const source = await engine().source([{ app: 'shop', dt: '2026-11-24' }]);

    expect(source).toEqual({
      sql:
        '(SELECT app, dt, event_id, occurred_at, received_at, action, method, path, status, duration_ms, user_id, ip, user_agent, params, ' +
        'CAST(attributes AS JSON) AS attributes, extra FROM "rireki"."action_logs") AS action_logs',
      params: [],
    });
    expect(await engine().source([])).toBeNull();
  });

  it('refuses a database name that is not a Glue name', () => {
    expect(() => engine({ database: 'x"; DROP' })).toThrow(/Glue name/);
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
    expect(ATHENA_DIALECT.likeIgnoringCase('path')).toBe("lower(path) LIKE lower(?) ESCAPE '\\'");
  });
});
