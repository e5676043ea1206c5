export type { DigestKeyring, DigestSigner } from './DigestSigner.js';
export type { ObjectStore } from './ObjectStore.js';
export type { ParquetEncoder } from './ParquetEncoder.js';
export type { PartitionCatalog } from './PartitionCatalog.js';
export type { PartitionRewriter, RewriteOptions, RewriteResult } from './PartitionRewriter.js';
export {
  type PartitionRowCount,
  type QueryEngine,
  QueryEngineError,
  type QueryEngineErrorOptions,
  type QueryOptions,
  type QueryResult,
  type SqlDialect,
  type SqlStatement,
  type SqlValue,
  type TableSource,
} from './QueryEngine.js';
