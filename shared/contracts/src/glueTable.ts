import { ACTION_LOG_COLUMNS, ACTION_LOG_PARTITION_KEYS, ACTION_LOG_TABLE, COLUMN_KINDS } from './columns.js';

/**
 * The `action_logs` table as the Glue catalog holds it, for everything that declares the table: the
 * CDK stack, the adapters' Glue calls and their tests. Spelt as the Glue API and CloudFormation
 * spell it (PascalCase) and typed structurally, so the contracts need no AWS client to define it.
 */

/** A column or partition key. */
export interface GlueColumnInput {
  Name: string;
  Type: string;
  Comment: string;
}

/** The subset of Glue's TableInput rireki sets; assignable to the SDK's and CloudFormation's. */
export interface GlueTableInput {
  Name: string;
  Description: string;
  TableType: 'EXTERNAL_TABLE';
  Parameters: Record<string, string>;
  PartitionKeys: GlueColumnInput[];
  StorageDescriptor: {
    Columns: GlueColumnInput[];
    Location: string;
    InputFormat: string;
    OutputFormat: string;
    SerdeInfo: { SerializationLibrary: string; Parameters: Record<string, string> };
    Compressed: boolean;
    StoredAsSubDirectories: boolean;
  };
}

/** How Hive, Glue and Athena read and write Parquet: the classes `STORED AS PARQUET` stands for. */
export const PARQUET_STORAGE = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
} as const;

/** Table properties; the DDL's TBLPROPERTIES carries the compression from here too. */
export const ACTION_LOG_TABLE_PARAMETERS = {
  EXTERNAL: 'TRUE',
  classification: 'parquet',
  'parquet.compression': 'ZSTD',
} as const;

const DESCRIPTION =
  'rireki action logs: one row per handled request (action-log contract v1), Parquet (ZSTD) by app and UTC date';

/** The table's columns and partition keys in order, with the Athena type of each. */
export function actionLogTableColumns(): { columns: GlueColumnInput[]; partitionKeys: GlueColumnInput[] } {
  const column = (name: string, kind: keyof typeof COLUMN_KINDS, comment: string): GlueColumnInput => {
    // The DDL quotes comments with '…', in which Hive reads \ as an escape: keep both out.
    if (/['\\]/.test(comment)) throw new Error(`column ${name}: comment must not hold ' or \\`);
    return { Name: name, Type: COLUMN_KINDS[kind].athenaType, Comment: comment };
  };
  return {
    columns: ACTION_LOG_COLUMNS.map((c) => column(c.name, c.kind, c.comment)),
    partitionKeys: ACTION_LOG_PARTITION_KEYS.map((c) => column(c.name, c.kind, c.comment)),
  };
}

/**
 * The table over the lake's Parquet files at `location` (`s3://bucket/prefix/action_logs/`, or a
 * CDK token that resolves to it), with the formats and SerDe that `STORED AS PARQUET` gives.
 * A fresh object each call, so a caller may adjust its copy.
 */
export function actionLogTableInput(location: string): GlueTableInput {
  const { columns, partitionKeys } = actionLogTableColumns();
  return {
    Name: ACTION_LOG_TABLE,
    Description: DESCRIPTION,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { ...ACTION_LOG_TABLE_PARAMETERS },
    PartitionKeys: partitionKeys,
    StorageDescriptor: {
      Columns: columns,
      Location: location,
      InputFormat: PARQUET_STORAGE.InputFormat,
      OutputFormat: PARQUET_STORAGE.OutputFormat,
      SerdeInfo: {
        SerializationLibrary: PARQUET_STORAGE.SerdeInfo.SerializationLibrary,
        Parameters: { ...PARQUET_STORAGE.SerdeInfo.Parameters },
      },
      Compressed: false,
      StoredAsSubDirectories: false,
    },
  };
}
