import {
  BatchCreatePartitionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import { CatalogError } from '@rireki/contracts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CachedPartitionCatalog } from '../CachedPartitionCatalog.js';
import { glueTableInput } from './actionLogTableDdl.js';
import { GluePartitionCatalog, type GluePartitionCatalogOptions } from './GluePartitionCatalog.js';
import { serviceError } from './testing/athenaTesting.js';

const client = new GlueClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const glue = mockClient(client);
const LAKE = 's3://my-lake/rireki';
const TABLE_STORAGE: StorageDescriptor = {
  ...glueTableInput({ database: 'rireki', lake: LAKE }).StorageDescriptor,
  Location: `${LAKE}/action_logs/`,
};
const { Location: _tableLocation, ...PARTITION_STORAGE } = TABLE_STORAGE;

beforeEach(() => {
  glue.reset();
  glue.on(GetTableCommand).resolves({ Table: { Name: 'action_logs', StorageDescriptor: TABLE_STORAGE } });
});

function catalog(options: Partial<GluePartitionCatalogOptions> = {}): GluePartitionCatalog {
  return new GluePartitionCatalog({ client, database: 'rireki', lake: LAKE, ...options });
}

describe('GluePartitionCatalog.register', () => {
  it("creates the partition with the table's storage at the partition's S3 folder", async () => {
    // Prepare
    glue.on(BatchCreatePartitionCommand).resolves({ Errors: [] });

    // Act
    await catalog({ catalogId: '111122223333' }).register({ app: 'shop', dt: '2026-11-24' });

    // Assess
    expect(glue).toHaveReceivedCommandExactlyOnceWith(GetTableCommand, {
      CatalogId: '111122223333',
      DatabaseName: 'rireki',
      Name: 'action_logs',
    });
    expect(glue.commandCalls(BatchCreatePartitionCommand)[0]?.args[0].input).toEqual({
      CatalogId: '111122223333',
      DatabaseName: 'rireki',
      TableName: 'action_logs',
      PartitionInputList: [
        {
          Values: ['shop', '2026-11-24'],
          StorageDescriptor: {
            ...PARTITION_STORAGE,
            Location: 's3://my-lake/rireki/action_logs/app=shop/dt=2026-11-24/',
          },
        },
      ],
    });
    expect(PARTITION_STORAGE).toMatchObject({
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    });
  });

  it('reads the table once for many partitions', async () => {
    glue.on(BatchCreatePartitionCommand).resolves({});
    const glueCatalog = catalog();

    await glueCatalog.register({ app: 'shop', dt: '2026-11-24' });
    await glueCatalog.register({ app: 'blog', dt: '2026-11-24' });

    expect(glue).toHaveReceivedCommandTimes(GetTableCommand, 1);
    expect(glue).toHaveReceivedCommandTimes(BatchCreatePartitionCommand, 2);
  });

  it('treats a partition that already exists as registered', async () => {
    glue.on(BatchCreatePartitionCommand).resolves({
      Errors: [
        {
          PartitionValues: ['shop', '2026-11-24'],
          ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' },
        },
      ],
    });

    await expect(catalog().register({ app: 'shop', dt: '2026-11-24' })).resolves.toBeUndefined();
  });

  it('treats AlreadyExistsException thrown by the call as registered', async () => {
    glue.on(BatchCreatePartitionCommand).rejects(serviceError('AlreadyExistsException'));

    await expect(catalog().register({ app: 'shop', dt: '2026-11-24' })).resolves.toBeUndefined();
  });

  it.each([
    ['InvalidInputException', false],
    ['EntityNotFoundException', false],
    ['InternalServiceException', true],
  ])('turns a %s entry into a CatalogError (retryable: %s)', async (code, retryable) => {
    glue.on(BatchCreatePartitionCommand).resolves({
      Errors: [
        {
          PartitionValues: ['shop', '2026-11-24'],
          ErrorDetail: { ErrorCode: code, ErrorMessage: 'injected' },
        },
      ],
    });

    const failure = await catalog()
      .register({ app: 'shop', dt: '2026-11-24' })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CatalogError);
    expect(failure).toMatchObject({
      retryable,
      message: `could not register app=shop/dt=2026-11-24 in Glue: ${code}: injected`,
    });
  });

  it.each([
    [serviceError('AccessDeniedException'), false],
    [serviceError('InternalServiceException', 'server'), true],
    [serviceError('ThrottlingException'), true],
  ])('turns a thrown %s into a CatalogError, retryable as the SDK fault says', async (error, retryable) => {
    glue.on(BatchCreatePartitionCommand).rejects(error);

    const failure = await catalog()
      .register({ app: 'shop', dt: '2026-11-24' })
      .catch((thrown: unknown) => thrown);

    expect(failure).toBeInstanceOf(CatalogError);
    expect(failure).toMatchObject({ retryable, cause: error });
  });

  it('reads the table again after a failed read', async () => {
    glue
      .on(GetTableCommand)
      .rejectsOnce(serviceError('InternalServiceException', 'server'))
      .resolves({ Table: { Name: 'action_logs', StorageDescriptor: TABLE_STORAGE } });
    glue.on(BatchCreatePartitionCommand).resolves({});
    const glueCatalog = catalog();

    await expect(glueCatalog.register({ app: 'shop', dt: '2026-11-24' })).rejects.toThrow(CatalogError);
    await glueCatalog.register({ app: 'shop', dt: '2026-11-24' });

    expect(glue).toHaveReceivedCommandTimes(GetTableCommand, 2);
    expect(glue).toHaveReceivedCommandTimes(BatchCreatePartitionCommand, 1);
  });

  it.each([
    [{ app: 'Shop', dt: '2026-11-24' }, /app "Shop" does not match/],
    [{ app: "x', dt='y", dt: '2026-11-24' }, /does not match/],
    [{ app: 'shop', dt: '2026-02-30' }, /dt "2026-02-30" is not a date/],
    [{ app: 'shop', dt: '2026-11-24/../x' }, /is not a date/],
  ])('refuses %o before calling Glue', async (partition, message) => {
    const failure = await catalog()
      .register(partition)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CatalogError);
    expect(failure).toMatchObject({ retryable: false, message: expect.stringMatching(message) });
    expect(glue).not.toHaveReceivedAnyCommand();
  });

  it('makes one Glue call per partition per process when wrapped in CachedPartitionCatalog', async () => {
    glue.on(BatchCreatePartitionCommand).resolves({});
    const cached = new CachedPartitionCatalog(catalog());

    await Promise.all([
      cached.register({ app: 'shop', dt: '2026-11-24' }),
      cached.register({ app: 'shop', dt: '2026-11-24' }),
    ]);
    await cached.register({ app: 'shop', dt: '2026-11-24' });

    expect(glue).toHaveReceivedCommandTimes(BatchCreatePartitionCommand, 1);
  });
});

describe('GluePartitionCatalog.list', () => {
  it('pages through GetPartitions without column schemas', async () => {
    // Prepare: the paginator reuses one input object, so copy each as it is sent.
    const pages = [
      {
        Partitions: [{ Values: ['shop', '2026-11-25'] }, { Values: ['blog', '2026-11-24'] }],
        NextToken: 'next',
      },
      { Partitions: [{ Values: ['shop', '2026-11-24'] }] },
    ];
    const sent: unknown[] = [];
    glue.on(GetPartitionsCommand).callsFake((input: object) => {
      sent.push(JSON.parse(JSON.stringify(input)));
      return pages.shift();
    });

    // Act
    const partitions = await catalog().list();

    // Assess
    expect(partitions).toEqual([
      { app: 'blog', dt: '2026-11-24' },
      { app: 'shop', dt: '2026-11-24' },
      { app: 'shop', dt: '2026-11-25' },
    ]);
    expect(sent).toEqual([
      { DatabaseName: 'rireki', TableName: 'action_logs', ExcludeColumnSchema: true },
      { DatabaseName: 'rireki', TableName: 'action_logs', ExcludeColumnSchema: true, NextToken: 'next' },
    ]);
  });

  it('turns a failure into a CatalogError', async () => {
    glue.on(GetPartitionsCommand).rejects(serviceError('EntityNotFoundException'));

    await expect(catalog().list()).rejects.toMatchObject({ name: 'CatalogError', retryable: false });
  });
});
