/**
 * The names of the workers' metrics, read by the workers (whose `events.ts` define each metric
 * beside the log events that record it), by the CDK alarms and by `rireki status`, so that none of
 * them can drift. Prometheus and CloudWatch use the same names.
 */
export const METRIC_NAMES = {
  workerUp: 'rireki_worker_up',
  ingestEventsAccepted: 'rireki_ingest_events_accepted_total',
  ingestEventsQuarantined: 'rireki_ingest_events_quarantined_total',
  ingestMessagesDeleted: 'rireki_ingest_messages_deleted_total',
  ingestFlushDuration: 'rireki_ingest_flush_duration_seconds',
  ingestBufferedBytes: 'rireki_ingest_buffered_bytes',
  ingestReceiveLag: 'rireki_ingest_receive_lag_seconds',
  ingestLastReceiveLag: 'rireki_ingest_last_receive_lag_seconds',
  querySearches: 'rireki_query_searches_total',
  querySearchDuration: 'rireki_query_search_duration_seconds',
  queryQueueWait: 'rireki_query_queue_wait_seconds',
  maintenancePartitionsCompacted: 'rireki_maintenance_partitions_compacted_total',
  maintenanceFilesRemoved: 'rireki_maintenance_files_removed_total',
  maintenancePartitionFailures: 'rireki_maintenance_partition_failures_total',
  maintenancePassDuration: 'rireki_maintenance_pass_duration_seconds',
} as const;

/** CloudWatch namespace of every rireki metric, and the dimensions beside the metric's labels. */
export const METRICS_NAMESPACE = 'Rireki';
export const WORKER_DIMENSION = 'worker';
/** The label of a search's outcome: OK, the reply's error code, or DROPPED. */
export const SEARCH_OUTCOME_LABEL = 'code';
