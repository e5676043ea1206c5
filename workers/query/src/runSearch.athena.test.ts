import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { AthenaQueryEngine } from '@rireki/adapters';
import type { ObjectStore } from '@rireki/ports';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
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

describe('a negation filter on Athena', () => {
  it('binds every negated value and the attribute name as ExecutionParameters', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'SUCCEEDED' } },
    });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [{ Data: [] }] },
    });
    const engine = new AthenaQueryEngine({ client, database: 'rireki', workgroup: 'wg', store: emptyLake });
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
