export type { Clock } from './clock.js';
export { type FlushPolicy, type IngestConfig, loadIngestConfig } from './config.js';
export {
  createIngestWorker,
  type DrainReport,
  type IngestWorker,
  type IngestWorkerOptions,
} from './createIngestWorker.js';
export { type DecodedMessage, decodeMessage } from './decodeMessage.js';
export { INGEST_EVENTS, INGEST_METRICS, type IngestMetrics } from './events.js';
export type { IngestStats } from './IngestPipeline.js';
export { ingestNodeArgs } from './nodeArgs.js';
export type { QuarantineRecord } from './quarantine.js';
