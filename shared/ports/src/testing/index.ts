// The contract suite of each port, and fakes that wrap a real adapter. Not built into dist/ and
// not shipped; suites reach them as @rireki/ports/testing.
export { digestSignerContract, type OpenedDigestSigner } from './digestSignerContract.js';
export { FaultyObjectStore } from './FaultyObjectStore.js';
export type { LakeStep, RecordLakeStep } from './lakeSteps.js';
export { type OpenedObjectStore, objectStoreContract } from './objectStoreContract.js';
export {
  type OpenedParquetEncoder,
  parquetEncoderContract,
  type ReadParquetRows,
  variedLakeRow,
} from './parquetEncoderContract.js';
export { type OpenedPartitionCatalog, partitionCatalogContract } from './partitionCatalogContract.js';
export {
  type EngineScenarios,
  type OpenedQueryEngine,
  queryEngineContract,
  SAMPLE_ROW,
} from './queryEngineContract.js';
export { RecordingCatalog } from './RecordingCatalog.js';
export { RecordingEngine } from './RecordingEngine.js';
