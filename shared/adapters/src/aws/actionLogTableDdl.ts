import type { TableInput } from '@aws-sdk/client-glue';
import {
  ACTION_LOG_TABLE,
  ACTION_LOG_TABLE_PARAMETERS,
  actionLogTableColumns,
  actionLogTableInput,
  type GlueColumnInput,
} from '@rireki/contracts';
import { tableLocation } from './partitionLocation.js';
import { parseS3Uri } from './s3Uri.js';

// Defined in the contracts, where the CDK stack reads them too; exported here as before.
export { actionLogTableColumns, PARQUET_STORAGE } from '@rireki/contracts';

/** Glue database and table names: lowercase letters, digits and `_` (Athena folds case). */
export const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

export interface ActionLogTableOptions {
  /** Glue database of the table. */
  readonly database: string;
  /** The lake root, `s3://bucket[/prefix]`; the table is its `action_logs/` folder. */
  readonly lake: string;
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
  const list = (items: GlueColumnInput[]) =>
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
    `TBLPROPERTIES ('parquet.compression'='${ACTION_LOG_TABLE_PARAMETERS['parquet.compression']}')`,
  ].join('\n');
}

/**
 * The same table as a Glue TableInput (CreateTable, or the CDK's CfnTable): the contracts' one
 * definition, at the lake's `action_logs/` folder.
 */
export function glueTableInput(options: ActionLogTableOptions): TableInput {
  checkedDatabase(options.database);
  return actionLogTableInput(tableLocation(parseS3Uri(options.lake)));
}

function checkedDatabase(database: string): string {
  if (!GLUE_NAME.test(database)) {
    throw new RangeError(`database must be a Glue name (a-z, 0-9, _), got "${database}"`);
  }
  return database;
}
