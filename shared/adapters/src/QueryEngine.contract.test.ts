import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { type EngineScenarios, queryEngineContract, RecordingEngine } from '@rireki/ports/testing';
import { AthenaQueryEngine } from './aws/AthenaQueryEngine.js';
import { S3ObjectStore } from './aws/S3ObjectStore.js';
import { virtualClock } from './aws/testing/athenaTesting.js';
import {
  type FakeAthenaAnswer,
  fakeAthenaQueries,
  stringLiteralText,
} from './aws/testing/fakeAthenaQueries.js';
import { DuckDbQueryEngine } from './local/DuckDbQueryEngine.js';
import { LocalPartitionCatalog } from './local/LocalPartitionCatalog.js';

// Every engine the query worker can be given. Athena cannot run here: its engine talks to an
// in-memory fake of Athena's query API that answers the scenarios' statements as Athena would.
// The fake answers fixed statements and evaluates no SQL, so that the files a rewrite replaced are
// left out is checked for each engine on its own: Athena's exact statements in
// AthenaQueryEngine.test.ts, DuckDB's files in livePartitionFiles.test.ts and the search suites.

const DUCKDB_SCENARIOS: EngineScenarios = {
  sample: {
    sql:
      'SELECT CAST(? AS VARCHAR) AS text, CAST(42 AS BIGINT) AS count, CAST(12.5 AS DOUBLE) AS ratio, ' +
      "true AS flag, CAST(NULL AS VARCHAR) AS missing, TIMESTAMP '2026-11-24 00:30:00.123' AS at, " +
      "MAP(['orderId'], ['ORD-1']) AS attributes",
    params: ["o'brien ✓ 100%"],
  },
  failing: { sql: 'SELECT * FROM no_such_table', params: [] },
  endless: { sql: 'SELECT count(*) FROM range(1000000000000) a, range(1000) b', params: [] },
};

async function duckDbEngine() {
  const dir = await mkdtemp(join(tmpdir(), 'rireki-engine-contract-'));
  const engine = await DuckDbQueryEngine.create({
    lakeDir: join(dir, 'lake'),
    catalog: new LocalPartitionCatalog(join(dir, 'catalog')),
    connections: 1,
    threads: 1,
  });
  return {
    engine,
    scenarios: DUCKDB_SCENARIOS,
    close: async () => {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

queryEngineContract('DuckDbQueryEngine', duckDbEngine);

queryEngineContract('RecordingEngine around a DuckDbQueryEngine', async () => {
  const opened = await duckDbEngine();
  return { ...opened, engine: new RecordingEngine(opened.engine) };
});

const ATHENA_SCENARIOS: EngineScenarios = {
  sample: {
    sql:
      'SELECT CAST(? AS varchar) AS text, BIGINT 42 AS count, DOUBLE 12.5 AS ratio, true AS flag, ' +
      "CAST(NULL AS varchar) AS missing, TIMESTAMP '2026-11-24 00:30:00.123' AS at, " +
      "MAP(ARRAY['orderId'], ARRAY['ORD-1']) AS attributes",
    params: ["o'brien ✓ 100%"],
  },
  failing: { sql: 'SELECT * FROM no_such_table', params: [] },
  endless: { sql: 'SELECT count(*) FROM huge CROSS JOIN huge', params: [] },
};

queryEngineContract('AthenaQueryEngine', async () => {
  const client = new AthenaClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const athena = fakeAthenaQueries(
    client,
    new Map<string, FakeAthenaAnswer>([
      [
        ATHENA_SCENARIOS.sample.sql,
        {
          state: 'SUCCEEDED',
          columns: [
            ['text', 'varchar'],
            ['count', 'bigint'],
            ['ratio', 'double'],
            ['flag', 'boolean'],
            ['missing', 'varchar'],
            ['at', 'timestamp'],
            ['attributes', 'map(varchar, varchar)'],
          ],
          rows: (parameters) => [
            [
              stringLiteralText(parameters[0]),
              '42',
              '12.5',
              'true',
              undefined,
              '2026-11-24 00:30:00.123',
              '{orderId=ORD-1}',
            ],
          ],
        },
      ],
      [
        ATHENA_SCENARIOS.failing.sql,
        { state: 'FAILED', reason: 'TABLE_NOT_FOUND: line 1:15: Table no_such_table does not exist' },
      ],
      [ATHENA_SCENARIOS.endless.sql, { state: 'RUNNING' }],
    ]),
  );
  // The scenarios read no partition, so the lake's store is never called.
  const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const engine = new AthenaQueryEngine({
    client,
    database: 'rireki',
    workgroup: 'rireki-wg',
    store: new S3ObjectStore({ client: s3, lake: 's3://rireki-contract/lake' }),
    clock: virtualClock(),
  });
  return {
    engine,
    scenarios: ATHENA_SCENARIOS,
    close: async () => {
      athena.restore();
      s3.destroy();
    },
  };
});
