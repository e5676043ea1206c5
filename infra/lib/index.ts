export { AthenaWorkgroup, type AthenaWorkgroupProps } from './AthenaWorkgroup.js';
export { BacklogScaling, type BacklogScalingProps, backlogPerTaskMetric } from './BacklogScaling.js';
export { Catalog, type CatalogProps, cfnTableInput } from './Catalog.js';
export {
  type ContextReader,
  type RirekiConfig,
  readRirekiConfig,
  type TaskSize,
  type WorkerSizing,
} from './config.js';
export {
  ATHENA_RESULTS_AREA,
  DRAIN_MARGIN_S,
  PLACEHOLDER_IMAGE_URI,
  PREDECESSOR_WAIT_S,
  STOP_TIMEOUT_S,
  WORKER_COMMANDS,
  WORKER_ENV_KEYS,
} from './constants.js';
export type { ScalingBounds } from './contextSettings.js';
export { type CreateRirekiAppOptions, createRirekiApp } from './createRirekiApp.js';
export { Lake, type LakeArea, type LakeProps } from './Lake.js';
export { RirekiStack, type RirekiStackProps } from './RirekiStack.js';
export {
  AREA_MARGIN_DAYS,
  type LakeExpirations,
  type LakeRetention,
  lakeExpirations,
  longestRetention,
  TABLE_MARGIN_DAYS,
} from './retention.js';
export { WorkerService, type WorkerServiceProps } from './WorkerService.js';
export { WorkQueue, type WorkQueueProps } from './WorkQueue.js';
export { workerImage } from './workerImage.js';
export {
  grantIngestWorker,
  grantMaintenanceWorker,
  grantQueryWorker,
  REPLACEMENT_RECORDS_FOLDER,
  replyQueueArn,
} from './workerPermissions.js';
