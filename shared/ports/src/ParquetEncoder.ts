import type { LakeRow, LakeRowLines } from '@rireki/contracts';

/** Turns rows of `action_logs` into one ZSTD-compressed Parquet file. */
export interface ParquetEncoder {
  /**
   * Encodes the rows in order; the file's schema follows ACTION_LOG_COLUMNS. The rows come as
   * objects, or as the JSON texts the ingest worker buffers (LakeRowLines); both encode alike.
   */
  encode(rows: readonly LakeRow[] | LakeRowLines): Promise<Uint8Array>;
  /** Releases the encoder's resources; `encode` fails afterwards. */
  close(): Promise<void>;
}
