import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CatalogError } from '@rireki/contracts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AthenaDdlPartitionCatalog,
  type AthenaDdlPartitionCatalogOptions,
} from './AthenaDdlPartitionCatalog.js';
import { resultPage, serviceError, virtualClock } from './testing/athenaTesting.js';

const client = new AthenaClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const athena = mockClient(client);

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'ddl-1' });
});

function catalog(options: Partial<AthenaDdlPartitionCatalogOptions> = {}): AthenaDdlPartitionCatalog {
  return new AthenaDdlPartitionCatalog({
    client,
    database: 'rireki',
    workgroup: 'rireki-wg',
    lake: 's3://my-lake/rireki',
    clock: virtualClock(),
    ...options,
  });
}

function finished(state: 'SUCCEEDED' | 'FAILED', reason?: string) {
  return {
    QueryExecution: {
      QueryExecutionId: 'ddl-1',
      Status: { State: state, ...(reason === undefined ? {} : { StateChangeReason: reason }) },
    },
  };
}

describe('AthenaDdlPartitionCatalog.register', () => {
  it('runs ALTER TABLE … ADD IF NOT EXISTS PARTITION with checked values in the text, no parameters', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves(finished('SUCCEEDED'));

    // Act
    await catalog({ outputLocation: 's3://results/ddl/' }).register({ app: 'shop-2', dt: '2026-11-24' });

    // Assess
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString:
        "ALTER TABLE `rireki`.`action_logs` ADD IF NOT EXISTS PARTITION (app = 'shop-2', dt = '2026-11-24') " +
        "LOCATION 's3://my-lake/rireki/action_logs/app=shop-2/dt=2026-11-24/'",
      WorkGroup: 'rireki-wg',
      QueryExecutionContext: { Database: 'rireki' },
      ResultConfiguration: { OutputLocation: 's3://results/ddl/' },
    });
    expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 2);
    expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it('treats a partition that another process added first as registered', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(finished('FAILED', 'AlreadyExistsException: Partition already exists.'));

    await expect(catalog().register({ app: 'shop', dt: '2026-11-24' })).resolves.toBeUndefined();
  });

  it('turns another failure into a CatalogError with Athena’s reason', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(finished('FAILED', 'FAILED: SemanticException table not found'));

    const failure = await catalog()
      .register({ app: 'shop', dt: '2026-11-24' })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CatalogError);
    expect(failure).toMatchObject({ message: expect.stringContaining('SemanticException table not found') });
  });

  it('stops the statement and fails as a CatalogError when it runs out of time', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'QUEUED' } } });
    athena.on(StopQueryExecutionCommand).resolves({});

    const failure = await catalog({ timeoutMs: 500 })
      .register({ app: 'shop', dt: '2026-11-24' })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CatalogError);
    expect(failure).toMatchObject({ retryable: true, message: expect.stringContaining('timed out') });
    expect(athena).toHaveReceivedCommandWith(StopQueryExecutionCommand, { QueryExecutionId: 'ddl-1' });
  });

  it('fails as not retryable when Athena refuses the request itself', async () => {
    athena.on(StartQueryExecutionCommand).rejects(serviceError('AccessDeniedException'));

    await expect(catalog().register({ app: 'shop', dt: '2026-11-24' })).rejects.toMatchObject({
      name: 'CatalogError',
      retryable: false,
    });
  });

  it.each([
    { app: "shop'); DROP TABLE x; --", dt: '2026-11-24' },
    { app: 'shop', dt: "2026-11-24' OR '1'='1" },
    { app: 'shop', dt: '2026-13-01' },
  ])('refuses %o without any request', async (partition) => {
    await expect(catalog().register(partition)).rejects.toMatchObject({
      name: 'CatalogError',
      retryable: false,
    });
    expect(athena).not.toHaveReceivedAnyCommand();
  });

  it('refuses a lake URI that could break out of LOCATION', () => {
    expect(() => catalog({ lake: "s3://my-lake/it's" })).toThrow(/invalid prefix segment/);
  });
});

describe('AthenaDdlPartitionCatalog.list', () => {
  it('reads SHOW PARTITIONS, whose results have no header row', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(finished('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(
        resultPage([['partition', 'string']], [['app=shop/dt=2026-11-25'], ['app=blog/dt=2026-11-24']], {
          nextToken: 't',
        }),
      )
      .resolvesOnce(resultPage([['partition', 'string']], [['app=shop/dt=2026-11-24'], ['other=1']]));

    // Act
    const partitions = await catalog().list();

    // Assess
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: 'SHOW PARTITIONS `rireki`.`action_logs`',
    });
    expect(partitions).toEqual([
      { app: 'blog', dt: '2026-11-24' },
      { app: 'shop', dt: '2026-11-24' },
      { app: 'shop', dt: '2026-11-25' },
    ]);
  });
});
