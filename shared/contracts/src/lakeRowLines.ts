import type { LakeRow } from './columns.js';

/** The first and last occurred_at of some rows, epoch milliseconds. */
export interface OccurredRange {
  readonly firstMs: number;
  readonly lastMs: number;
}

/**
 * Rows as JSON texts, one `JSON.stringify` of each LakeRow, in the order added, with their count
 * and occurred_at range. The ingest worker keeps what it buffers this way: a buffered row is then
 * one flat string for the garbage collector instead of an object graph, and the text is what the
 * encoder writes anyway. Measured with the ingest bench (see README, Performance).
 */
export class LakeRowLines {
  readonly #lines: string[] = [];
  #firstMs = Number.POSITIVE_INFINITY;
  #lastMs = Number.NEGATIVE_INFINITY;

  static of(rows: Iterable<LakeRow>): LakeRowLines {
    const lines = new LakeRowLines();
    for (const row of rows) lines.add(row);
    return lines;
  }

  /** Adds a row at the end; returns its text's length. */
  add(row: LakeRow): number {
    const line = JSON.stringify(row);
    this.#lines.push(line);
    if (row.occurred_at < this.#firstMs) this.#firstMs = row.occurred_at;
    if (row.occurred_at > this.#lastMs) this.#lastMs = row.occurred_at;
    return line.length;
  }

  get count(): number {
    return this.#lines.length;
  }

  /** The rows' occurred_at bounds, or null when there are none. */
  occurredRange(): OccurredRange | null {
    return this.#lines.length === 0 ? null : { firstMs: this.#firstMs, lastMs: this.#lastMs };
  }

  /** The JSON text of each row, in order. */
  lines(): readonly string[] {
    return this.#lines;
  }

  /** The rows parsed back, in order (for inspection; the texts are LakeRows' own JSON). */
  rows(): LakeRow[] {
    return this.#lines.map((line) => JSON.parse(line) as LakeRow);
  }
}
