/** What a rewrite of one partition's files keeps, and how it lays the rows out. */
export interface RewriteOptions {
  /** Rows per output file, at most (row groups are cut to divide it). */
  readonly maxRowsPerFile: number;
  /** Drop every row of this user (an erasure); the rows of other users are kept. */
  readonly dropUserId?: string;
}

/** The rewritten files, on local disk until `release`, and what became of the rows. */
export interface RewriteResult {
  /** Local paths of the new Parquet files, in sort order; none when no row was kept. */
  readonly files: readonly string[];
  /** Per file of `files`, its rows and the epoch-millisecond bounds of their occurred_at. */
  readonly fileStats: ReadonlyArray<{
    readonly rows: number;
    readonly firstMs: number;
    readonly lastMs: number;
  }>;
  readonly rowsIn: number;
  readonly rowsOut: number;
  /** Copies of an event dropped: same (event_id, occurred_at) as a row kept. */
  readonly duplicatesDropped: number;
  /** Rows of `dropUserId` dropped. */
  readonly erasedRows: number;
  /** Removes the local files; call once they are stored. */
  release(): Promise<void>;
}

/**
 * Rewrites the Parquet files of one partition into new files of the lake schema: one copy of each
 * event (the first received), sorted so that searches can skip row groups, ZSTD as the encoder
 * writes them. Works within a memory limit, spilling to local disk, so a partition larger than
 * memory still rewrites.
 */
export interface PartitionRewriter {
  /** `inputs` are local paths of the partition's live files. */
  rewrite(inputs: readonly string[], options: RewriteOptions): Promise<RewriteResult>;
  close(): Promise<void>;
}
