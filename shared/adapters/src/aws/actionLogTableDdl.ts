import type { Column, TableInput } from '@aws-sdk/client-glue';
import {
  ACTION_LOG_COLUMNS,
  ACTION_LOG_PARTITION_KEYS,
  ACTION_LOG_TABLE,
  COLUMN_KINDS,
} from '@rireki/contracts';
import { tableLocation } from './partitionLocation.js';
import { parseS3Uri } from './s3Uri.js';

/** Glue database and table names: lowercase letters, digits and `_` (Athena folds case). */
export const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

/** How Hive, Glue and Athena read and write Parquet: the classes `STORED AS PARQUET` stands for. */
export const PARQUET_STORAGE = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
} as const;

export interface ActionLogTableOptions {
  /** Glue database of the table. */
  readonly database: string;
  /** The lake root, `s3://bucket[/prefix]`; the table is its `action_logs/` folder. */
  readonly lake: string;
}

/** The table's columns and partition keys in order, with the Athena type of each. */
export function actionLogTableColumns(): { columns: Column[]; partitionKeys: Column[] } {
  const column = (name: string, kind: keyof typeof COLUMN_KINDS, comment: string): Column => {
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
 * `CREATE EXTERNAL TABLE IF NOT EXISTS` for `action_logs`, from the one column definition
 * (ACTION_LOG_COLUMNS, ACTION_LOG_PARTITION_KEYS, COLUMN_KINDS), to run in Athena.
 *
 * @example actionLogTableDdl({ database: 'rireki', lake: 's3://my-lake/rireki' })
 */
export function actionLogTableDdl(options: ActionLogTableOptions): string {
  const database = checkedDatabase(options.database);
  const location = tableLocation(parseS3Uri(options.lake));
  const { columns, partitionKeys } = actionLogTableColumns();
  const list = (items: Column[]) =>
    items.map((c) => `  \`${c.Name}\` ${c.Type} COMMENT '${c.Comment}'`).join(',\n');
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${database}\`.\`${ACTION_LOG_TABLE}\` (`,
    list(columns),
    ')',
    'PARTITIONED BY (',
    list(partitionKeys),
    ')',
    'STORED AS PARQUET',
    `LOCATION '${location}'`,
    "TBLPROPERTIES ('parquet.compression'='ZSTD')",
  ].join('\n');
}

/**
 * The same table as a Glue TableInput (CreateTable, or the CDK's CfnTable), with the Parquet
 * formats and SerDe that `STORED AS PARQUET` gives.
 */
export function glueTableInput(options: ActionLogTableOptions): TableInput {
  checkedDatabase(options.database);
  const { columns, partitionKeys } = actionLogTableColumns();
  return {
    Name: ACTION_LOG_TABLE,
    Description: 'rireki action logs: one row per handled request, Parquet (ZSTD) by app and UTC date',
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: 'parquet', 'parquet.compression': 'ZSTD' },
    PartitionKeys: partitionKeys,
    StorageDescriptor: {
      Columns: columns,
      Location: tableLocation(parseS3Uri(options.lake)),
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

function checkedDatabase(database: string): string {
  if (!GLUE_NAME.test(database)) {
    throw new RangeError(`database must be a Glue name (a-z, 0-9, _), got "${database}"`);
  }
  return database;
}
