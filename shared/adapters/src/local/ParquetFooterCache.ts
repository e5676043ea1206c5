import type { Stats } from 'node:fs';

/** What a file's Parquet footer says of its rows, without reading one. */
export interface FooterSummary {
  readonly rows: number;
  readonly minOccurredAtMs: number;
  readonly maxOccurredAtMs: number;
  readonly maxReceivedAtMs: number;
}

/**
 * Footer summaries of lake files, each under the file's path, size and modification time. Lake
 * files are never rewritten in place: every write goes to a new name (a time and a UUID, or a
 * rewrite id), so a file that changed would have to keep its path, size and mtime to be served a
 * stale summary. A file whose footer lacks a statistic is kept as `null`, so it is not read again.
 * The oldest entries leave first past `maxEntries`.
 */
export class ParquetFooterCache {
  readonly #entries = new Map<string, FooterSummary | null>();
  readonly #maxEntries: number;

  /** @param maxEntries files remembered; about 200 bytes each. @defaultValue 100000 */
  constructor(maxEntries = 100_000) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
      throw new RangeError('maxEntries must be a positive integer');
    this.#maxEntries = maxEntries;
  }

  /** The identity a summary is kept under: the path and what stat says of its content. */
  static identity(path: string, stats: Pick<Stats, 'size' | 'mtimeMs'>): string {
    return `${stats.size}:${stats.mtimeMs}:${path}`;
  }

  /** The summary, `null` for a footer without the statistics, undefined when not known. */
  get(identity: string): FooterSummary | null | undefined {
    return this.#entries.get(identity);
  }

  set(identity: string, summary: FooterSummary | null): void {
    this.#entries.delete(identity);
    this.#entries.set(identity, summary);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
