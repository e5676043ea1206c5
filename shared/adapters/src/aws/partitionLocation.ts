import { APP_CODE_PATTERN, LAKE_AREAS, type PartitionRef, partitionPath } from '@rireki/contracts';
import { formatS3Uri, type S3Location } from './s3Uri.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Why a partition cannot be catalogued, or null when it can: the app must match the app-code pattern
 * and dt must be a real calendar date written YYYY-MM-DD. Both catalogs check it before any request,
 * so a value that reaches Glue or Athena DDL text can hold nothing but `[a-z0-9_-]` and a date.
 */
export function partitionProblem(partition: PartitionRef): string | null {
  if (!APP_CODE_PATTERN.test(partition.app)) {
    return `app "${partition.app}" does not match ${APP_CODE_PATTERN.source}`;
  }
  const date = DATE.exec(partition.dt);
  const [year, month, day] = date ? [Number(date[1]), Number(date[2]), Number(date[3])] : [0, 0, 0];
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (!date || utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    return `dt "${partition.dt}" is not a date written YYYY-MM-DD`;
  }
  return null;
}

/** The S3 folder of a partition: `s3://bucket/prefix/action_logs/app=<app>/dt=<dt>/`. */
export function partitionLocation(lake: S3Location, partition: PartitionRef): string {
  return `${tableLocation(lake)}${partitionPath(partition)}/`;
}

/** The S3 folder of the table: `s3://bucket/prefix/action_logs/`. */
export function tableLocation(lake: S3Location): string {
  return `${formatS3Uri(lake)}/${LAKE_AREAS.table}/`;
}
