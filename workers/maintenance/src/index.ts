export { expireAreas, expiredAreaFiles, retirePartition } from './applyRetention.js';
export {
  type CompactionDeps,
  type CompactionOutcome,
  compactPartition,
} from './compactPartition.js';
export {
  type CompactionRunDeps,
  type CompactionSummary,
  compactPartitions,
  type PartitionCompaction,
} from './compactPartitions.js';
export {
  type CompactionPolicy,
  loadMaintenanceConfig,
  type MaintenanceConfig,
  rewriterOptions,
} from './config.js';
export { createMaintenanceWorker, type MaintenanceWorker } from './createMaintenanceWorker.js';
export {
  type ErasureDeps,
  type ErasureReport,
  type ErasureRequest,
  eraseUser,
  erasureAuditKey,
} from './eraseUser.js';
export {
  MAINTENANCE_EVENTS,
  MAINTENANCE_METRICS,
  type MaintenanceEvents,
  type MaintenanceMetrics,
  maintenanceEvents,
} from './events.js';
export type { PartitionFailure } from './overPartitions.js';
export { type PartitionSelection, selectPartitions } from './partitionSelection.js';
export { finishReplaced, removeReplaced } from './removeReplaced.js';
export {
  type PartitionRetention,
  type RetentionRunDeps,
  type RetentionSummary,
  retainPartitions,
} from './retainPartitions.js';
export { firstKeptDate, isExpired, type RetentionPolicy } from './retentionPolicy.js';
export { type PassDeps, type PassReport, runPass } from './runPass.js';
