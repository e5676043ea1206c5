import {
  ACTION_LOG_TABLE,
  actionLogTableInput,
  type GlueColumnInput,
  type GlueTableInput,
} from '@rireki/contracts';
import { Aws, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';

export interface CatalogProps {
  readonly databaseName: string;
  /** `s3://bucket/prefix/action_logs/`. */
  readonly tableLocation: string;
}

/**
 * The contracts' table in the camelCase of the CDK's CfnTable props (CloudFormation spells it in
 * PascalCase again, as the contracts do). Written out, not converted key by key, because the keys of
 * Parameters (`EXTERNAL`, `serialization.format`) are data and must keep their case.
 */
export function cfnTableInput(input: GlueTableInput): glue.CfnTable.TableInputProperty {
  const column = (c: GlueColumnInput): glue.CfnTable.ColumnProperty => ({
    name: c.Name,
    type: c.Type,
    comment: c.Comment,
  });
  const storage = input.StorageDescriptor;
  return {
    name: input.Name,
    description: input.Description,
    tableType: input.TableType,
    parameters: input.Parameters,
    partitionKeys: input.PartitionKeys.map(column),
    storageDescriptor: {
      columns: storage.Columns.map(column),
      location: storage.Location,
      inputFormat: storage.InputFormat,
      outputFormat: storage.OutputFormat,
      serdeInfo: {
        serializationLibrary: storage.SerdeInfo.SerializationLibrary,
        parameters: storage.SerdeInfo.Parameters,
      },
      compressed: storage.Compressed,
      storedAsSubDirectories: storage.StoredAsSubDirectories,
    },
  };
}

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
      tableInput: cfnTableInput(actionLogTableInput(props.tableLocation)),
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
