import {
  ACTION_LOG_COLUMNS,
  ACTION_LOG_PARTITION_KEYS,
  ACTION_LOG_TABLE,
  COLUMN_KINDS,
} from '@rireki/contracts';
import { Aws, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';

export interface CatalogProps {
  readonly databaseName: string;
  /** `s3://bucket/prefix/action_logs/`. */
  readonly tableLocation: string;
}

/** A Glue column from one of the contracts' column definitions. */
export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** The table's columns, in file order, typed from COLUMN_KINDS: the one definition the encoder also reads. */
export const GLUE_COLUMNS: readonly GlueColumn[] = ACTION_LOG_COLUMNS.map((column) => ({
  name: column.name,
  type: COLUMN_KINDS[column.kind].athenaType,
  comment: column.comment,
}));

/** The Hive partition keys, in path order (`app=…/dt=…`). */
export const GLUE_PARTITION_KEYS: readonly GlueColumn[] = ACTION_LOG_PARTITION_KEYS.map((key) => ({
  name: key.name,
  type: COLUMN_KINDS[key.kind].athenaType,
  comment: key.comment,
}));

/**
 * The Glue database and the `action_logs` table over the lake's Parquet files. The ingest worker
 * registers each new partition (BatchCreatePartition); Athena reads the table.
 */
export class Catalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly databaseName: string;
  readonly tableName: string = ACTION_LOG_TABLE;

  constructor(scope: Construct, id: string, props: CatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: props.databaseName, description: 'rireki: action history of web apps' },
    });
    this.table = new glue.CfnTable(this, 'ActionLogs', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.databaseName,
      tableInput: {
        name: ACTION_LOG_TABLE,
        description: 'One row per handled request, from the action-log contract v1',
        tableType: 'EXTERNAL_TABLE',
        parameters: { classification: 'parquet', EXTERNAL: 'TRUE', 'parquet.compression': 'ZSTD' },
        partitionKeys: GLUE_PARTITION_KEYS.map((key) => ({ ...key })),
        storageDescriptor: {
          columns: GLUE_COLUMNS.map((column) => ({ ...column })),
          location: props.tableLocation,
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            parameters: { 'serialization.format': '1' },
          },
          compressed: false,
          storedAsSubDirectories: false,
        },
      },
    });
    this.table.addResourceDependency(this.database);
  }

  /** ARNs a Glue partition or table call is authorized on: the catalog, the database and the table. */
  tableResourceArns(): string[] {
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName?: string): string =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName === undefined ? {} : { resourceName }) });
    return [
      arn('catalog'),
      arn('database', this.databaseName),
      arn('table', `${this.databaseName}/${this.tableName}`),
    ];
  }
}
