import type { LakeRow } from '@rireki/contracts';

/** Turns rows of `action_logs` into one ZSTD-compressed Parquet file. */
export interface ParquetEncoder {
  /** Encodes the rows in order; the file's schema follows ACTION_LOG_COLUMNS. */
  encode(rows: readonly LakeRow[]): Promise<Uint8Array>;
  /** Releases the encoder's resources; `encode` fails afterwards. */
  close(): Promise<void>;
}
