import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { AthenaQueryEngine } from '@rireki/adapters';
import { validateHistogramRequest } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runHistogram } from './aggregates/runHistogram.js';
import { runSearch } from './runSearch.js';
import { searchOptions, searchRequest } from './testing/searchHelpers.js';

// The search SQL as Athena receives it: the text with placeholders, every value an ExecutionParameter.
const client = new AthenaClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const athena = mockClient(client);

/** An s3:// lake with no replacement records: the source is the table itself. */
const emptyLake: ObjectStore = {
  location: 's3://lake/rireki',
  put: async () => {},
  get: async () => null,
  delete: async () => {},
  list: async () => [],
  uriOf: (key) => `s3://lake/rireki/${key}`,
};

afterEach(() => athena.reset());

/** Athena runs each query at once and answers it with these result rows (the header row first). */
function athenaAnswers(columns: readonly { Name: string; Type: string }[], rows: readonly string[][]) {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'SUCCEEDED' } },
  });
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: [...columns] },
      Rows: rows.map((row) => ({ Data: row.map((value) => ({ VarCharValue: value })) })),
    },
  });
  return new AthenaQueryEngine({ client, database: 'rireki', workgroup: 'wg', store: emptyLake });
}

describe('a negation filter on Athena', () => {
  it('binds every negated value and the attribute name as ExecutionParameters', async () => {
    // Prepare
    const engine = athenaAnswers([], [[]]);
    const request = searchRequest({
      app: 'shop',
      from: '2026-11-24T00:00:00Z',
      to: '2026-11-25T00:00:00Z',
      limit: 10,
      filters: { status: { not: [200, '304'] }, 'attributes.tier': { not: "o'brien' OR 1=1 --" } },
    });

    // Act
    const reply = await runSearch(
      engine,
      request,
      searchOptions({ apps: ['shop'], nowMs: 1_795_000_000_000 }),
    );

    // Assess
    expect(reply.rows).toEqual([]);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    const tier = 'element_at(CAST(attributes AS map(varchar, varchar)), ?)';
    expect(input?.QueryString).toContain(
      `AND ((status IS NULL OR status NOT IN (?, ?))) AND ((${tier} IS NULL OR ${tier} NOT IN (?)))) ORDER BY`,
    );
    expect(input?.QueryString).not.toContain('brien');
    expect(input?.ExecutionParameters).toEqual([
      "'shop'",
      "'2026-11-24'",
      "'2026-11-24'",
      '1795478400000',
      '1795564800000',
      '1795000000000',
      '200',
      '304',
      "'tier'",
      "'tier'",
      "'o''brien'' OR 1=1 --'",
    ]);
  });
});

describe('a histogram on Athena', () => {
  it('counts per slot in milliseconds since the epoch, the zone and range only in bound values and the reply', async () => {
    // Prepare: 00:00 and 14:45 UTC of 2026-11-24 (slots of 15 minutes), and 15:00, the first slot
    // of the next Tokyo day.
    const first = 1795478400000 / 900000;
    const engine = athenaAnswers(
      [
        { Name: 'slot', Type: 'bigint' },
        { Name: 'n', Type: 'bigint' },
      ],
      [
        ['slot', 'n'],
        [String(first), '3'],
        [String(first + 59), '2'],
        [String(first + 60), '4'],
      ],
    );
    const validation = validateHistogramRequest({
      kind: 'histogram',
      app: 'shop',
      from: '2026-11-24T00:00:00Z',
      to: '2026-11-25T00:00:00Z',
      interval: '1d',
      timeZone: 'Asia/Tokyo',
    });
    if (!validation.ok) throw new Error('invalid test request');

    // Act
    const reply = await runHistogram(
      engine,
      validation.request,
      searchOptions({ apps: ['shop'], nowMs: 1_795_600_000_000 }),
    );

    // Assess
    expect(reply.buckets).toEqual([
      { start: '2026-11-23T15:00:00.000Z', end: '2026-11-24T15:00:00.000Z', count: 5 },
      { start: '2026-11-24T15:00:00.000Z', end: '2026-11-25T15:00:00.000Z', count: 4 },
    ]);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input?.QueryString).toContain(
      "CAST(floor(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000', occurred_at) / 900000) AS BIGINT) AS slot",
    );
    expect(input?.QueryString).toContain('SELECT DISTINCT app, event_id, occurred_at');
    expect(input?.QueryString).not.toContain('Tokyo');
    expect(input?.ExecutionParameters).toEqual([
      "'shop'",
      "'2026-11-24'",
      "'2026-11-24'",
      '1795478400000',
      '1795564800000',
      '1795600000000',
    ]);
  });
});
