import { LAKE_AREAS, type PartitionRef, partitionPath } from '@rireki/contracts';
import { formatS3Uri, type S3Location } from './s3Uri.js';

/** The S3 folder of a partition: `s3://bucket/prefix/action_logs/app=<app>/dt=<dt>/`. */
export function partitionLocation(lake: S3Location, partition: PartitionRef): string {
  return `${tableLocation(lake)}${partitionPath(partition)}/`;
}

/** The S3 folder of the table: `s3://bucket/prefix/action_logs/`. */
export function tableLocation(lake: S3Location): string {
  return `${formatS3Uri(lake)}/${LAKE_AREAS.table}/`;
}
