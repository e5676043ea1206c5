import { ACTION_LOG_COLUMNS, ACTION_LOG_TABLE, actionLogTableInput, COLUMN_KINDS } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { cfnText, logicalId, synthesize } from './synthesize.js';

const { template } = synthesize({ bytesScannedCutoffPerQuery: 5_000_000_000 });

describe('Glue table', () => {
  const table = template.findResources('AWS::Glue::Table');
  const input = Object.values(table)[0]?.Properties.TableInput;

  it(`is ${ACTION_LOG_TABLE} in the configured database`, () => {
    expect(Object.keys(table)).toHaveLength(1);
    expect(input.Name).toBe(ACTION_LOG_TABLE);
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'rireki' } });
  });

  it('is the contracts’ table input, field by field: columns, comments, SerDe, parameters, partition keys', () => {
    const bucket = logicalId(template, 'AWS::S3::Bucket', 'LakeBucket');
    // The location is the one token of the input; read as text it is the lake's action_logs/ folder.
    const synthesized = {
      ...input,
      StorageDescriptor: { ...input.StorageDescriptor, Location: cfnText(input.StorageDescriptor.Location) },
    };

    expect(synthesized).toEqual(actionLogTableInput(`s3://<${bucket}>/rireki/action_logs/`));
  });

  it('has the columns of ACTION_LOG_COLUMNS in order, typed by COLUMN_KINDS', () => {
    const columns = input.StorageDescriptor.Columns as { Name: string; Type: string }[];

    expect(columns.map((column) => [column.Name, column.Type])).toEqual(
      ACTION_LOG_COLUMNS.map((column) => [column.name, COLUMN_KINDS[column.kind].athenaType]),
    );
  });

  it('is partitioned by app, then dt', () => {
    expect(input.PartitionKeys).toEqual([
      expect.objectContaining({ Name: 'app', Type: 'string' }),
      expect.objectContaining({ Name: 'dt', Type: 'string' }),
    ]);
  });

  it('reads Parquet from the action_logs area of the lake', () => {
    const descriptor = input.StorageDescriptor;
    const bucket = logicalId(template, 'AWS::S3::Bucket', 'LakeBucket');

    expect(descriptor.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    expect(descriptor.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat');
    expect(descriptor.SerdeInfo.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(cfnText(descriptor.Location)).toBe(`s3://<${bucket}>/rireki/action_logs/`);
    expect(input.TableType).toBe('EXTERNAL_TABLE');
  });
});

describe('Athena workgroup', () => {
  it('enforces its configuration, the scan cutoff and a result location in the lake', () => {
    const workgroups = Object.values(template.findResources('AWS::Athena::WorkGroup'));
    const bucket = logicalId(template, 'AWS::S3::Bucket', 'LakeBucket');

    expect(workgroups).toHaveLength(1);
    const config = workgroups[0]?.Properties.WorkGroupConfiguration;
    expect(workgroups[0]?.Properties.Name).toBe('rireki');
    expect(config.EnforceWorkGroupConfiguration).toBe(true);
    expect(config.BytesScannedCutoffPerQuery).toBe(5_000_000_000);
    expect(cfnText(config.ResultConfiguration.OutputLocation)).toBe(
      `s3://<${bucket}>/rireki/athena-results/`,
    );
    expect(config.ResultConfiguration.EncryptionConfiguration).toEqual({ EncryptionOption: 'SSE_S3' });
  });

  it('cuts off at 10 GiB by default and encrypts results with the lake key under kms', () => {
    const kms = synthesize({ lakeEncryption: 'kms' }).template;
    const config = Object.values(kms.findResources('AWS::Athena::WorkGroup'))[0]?.Properties
      .WorkGroupConfiguration;

    expect(config.BytesScannedCutoffPerQuery).toBe(10 * 1024 ** 3);
    expect(config.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_KMS');
  });
});
