import {
  createWorkerMetrics,
  DURATION_BUCKETS_S,
  type EventLoggers,
  type Logger,
  type WorkerMetrics,
} from '@rireki/adapters';
import { METRIC_NAMES } from '@rireki/contracts';
import type { CompactionStats } from './compactPartition.js';

/** Every log line the maintenance worker writes, defined once, each with a stable `event` name. */
export const MAINTENANCE_EVENTS = {
  started: 'maintenance.started',
  rewriting: 'maintenance.partition.rewriting',
  stored: 'maintenance.rewrite.stored',
  compacted: 'maintenance.partition.compacted',
  removing: 'maintenance.replaced.removing',
  removed: 'maintenance.replaced.removed',
  retired: 'maintenance.partition.retired',
  areasExpired: 'maintenance.areas.expired',
  failed: 'maintenance.partition.failed',
  pass: 'maintenance.pass',
  stopped: 'maintenance.stopped',
} as const satisfies Record<keyof MaintenanceEventFields, string>;

/** Which partition a line is about. */
interface PartitionFields {
  readonly app: string;
  readonly dt: string;
}

/** The fields each event carries beside its name, by the event's key in MAINTENANCE_EVENTS. */
export interface MaintenanceEventFields {
  readonly started: { readonly lake: string; readonly intervalMs: number };
  /** Debug: the steps of one rewrite, so that a crash can be placed between them. */
  readonly rewriting: PartitionFields & { readonly files: number };
  readonly stored: PartitionFields & { readonly rewriteId: string; readonly files: number };
  readonly removing: PartitionFields & { readonly rewriteId: string; readonly files: number };
  /** A partition's files were rewritten; the replaced ones leave once no search can be reading them. */
  readonly compacted: PartitionFields &
    CompactionStats & {
      readonly rewriteId: string;
      readonly ms: number;
    };
  readonly removed: PartitionFields & {
    readonly rewriteId: string;
    readonly reason: 'compaction' | 'erasure' | 'retention';
    readonly files: number;
  };
  /** Retention expired the partition: searches stop reading it now, its files leave after the grace. */
  readonly retired: PartitionFields & { readonly files: number; readonly firstKeptDate: string };
  readonly areasExpired: { readonly files: number };
  readonly failed: PartitionFields & {
    readonly code: string;
    readonly retryable: boolean;
    readonly error: string;
  };
  readonly pass: {
    readonly partitions: number;
    readonly compacted: number;
    readonly retired: number;
    readonly removed: number;
    readonly failed: number;
    readonly ms: number;
  };
  readonly stopped: undefined;
}

/**
 * Every metric the maintenance worker exposes, defined once: on its Prometheus endpoint locally, as
 * CloudWatch metrics (namespace Rireki, dimension worker=maintenance) on AWS.
 */
export const MAINTENANCE_METRICS = {
  partitionsCompacted: {
    name: METRIC_NAMES.maintenancePartitionsCompacted,
    help: 'Partitions whose files were rewritten into fewer, sorted, deduplicated files.',
    kind: 'counter',
    unit: 'Count',
  },
  filesRemoved: {
    name: METRIC_NAMES.maintenanceFilesRemoved,
    help: 'Replaced lake files removed, by why they were replaced.',
    kind: 'counter',
    unit: 'Count',
    labels: ['reason'],
  },
  partitionsFailed: {
    name: METRIC_NAMES.maintenancePartitionFailures,
    help: 'Partitions whose maintenance failed in a pass (the next pass tries again).',
    kind: 'counter',
    unit: 'Count',
  },
  passDuration: {
    name: METRIC_NAMES.maintenancePassDuration,
    help: 'Time one maintenance pass over the lake took.',
    kind: 'histogram',
    unit: 'Seconds',
    buckets: DURATION_BUCKETS_S,
  },
} as const;

export type MaintenanceMetrics = WorkerMetrics<typeof MAINTENANCE_METRICS>;

export type MaintenanceEvents = EventLoggers<MaintenanceEventFields>;

/** The event loggers, each also recording its metrics (into a registry of its own when none is given). */
export function maintenanceEvents(
  logger: Logger,
  metrics: MaintenanceMetrics = createWorkerMetrics('maintenance', MAINTENANCE_METRICS),
): MaintenanceEvents {
  return {
    started: (f) => logger.info({ event: MAINTENANCE_EVENTS.started, ...f }, 'maintenance worker started'),
    rewriting: (f) =>
      logger.debug({ event: MAINTENANCE_EVENTS.rewriting, ...f }, 'rewriting partition files'),
    stored: (f) => logger.debug({ event: MAINTENANCE_EVENTS.stored, ...f }, 'rewritten files stored'),
    compacted: (f) => {
      metrics.count('partitionsCompacted');
      logger.info({ event: MAINTENANCE_EVENTS.compacted, ...f }, 'partition compacted');
    },
    removing: (f) => logger.debug({ event: MAINTENANCE_EVENTS.removing, ...f }, 'removing replaced files'),
    removed: (f) => {
      metrics.count('filesRemoved', f.files, { reason: f.reason });
      logger.info({ event: MAINTENANCE_EVENTS.removed, ...f }, 'replaced files removed');
    },
    retired: (f) =>
      logger.info({ event: MAINTENANCE_EVENTS.retired, ...f }, 'partition expired by retention'),
    areasExpired: (f) =>
      logger.info({ event: MAINTENANCE_EVENTS.areasExpired, ...f }, 'quarantine and results files expired'),
    failed: (f) => {
      metrics.count('partitionsFailed');
      logger.warn(
        { event: MAINTENANCE_EVENTS.failed, ...f },
        'partition maintenance failed; the next pass tries again',
      );
    },
    pass: (f) => {
      metrics.observe('passDuration', f.ms / 1000);
      logger.info({ event: MAINTENANCE_EVENTS.pass, ...f }, 'maintenance pass done');
    },
    stopped: () => logger.info({ event: MAINTENANCE_EVENTS.stopped }, 'maintenance worker stopped'),
  };
}
