import { ACTION_LOG_COLUMNS, type SearchRequestInput, type SearchRow } from '@rireki/contracts';
import type { SearchClient } from '@rireki/sdk';
import { stringify } from 'csv-stringify/sync';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows per search page of an export: the largest page, so a million rows take a thousand requests. */
export const EXPORT_PAGE_ROWS = 1000;

const FIRST_COLUMNS = ['app', 'eventId', 'occurredAt', 'receivedAt'] as const;
/** The CSV columns: the partition, the keys, every field of the contract, then the app's own fields as JSON. */
export const CSV_COLUMNS: readonly string[] = [
  ...FIRST_COLUMNS,
  ...ACTION_LOG_COLUMNS.flatMap((column) =>
    column.field === null || (FIRST_COLUMNS as readonly string[]).includes(column.field)
      ? []
      : [column.field],
  ),
  'extra',
];
const KNOWN = new Set(CSV_COLUMNS);

/** An export on its way: how many rows the search holds, and the file's bytes, page by page. */
export interface RowExport {
  readonly total: number;
  readonly body: ReadableStream<Uint8Array>;
}

/**
 * The whole result of a search as CSV or NDJSON. The first page is read before anything is sent,
 * so that the total goes in a header and a refused search is an error, not a broken file. Each
 * further page is asked for only when the previous one has been taken by the reader, so memory
 * holds one page whatever the size of the result; the keyset cursor gives every row once. A
 * reader that goes away (a cancelled download) stops the paging.
 */
export async function exportRows(
  client: Pick<SearchClient, 'search'>,
  request: SearchRequestInput,
  format: ExportFormat,
): Promise<RowExport> {
  const base = { ...request, limit: EXPORT_PAGE_ROWS };
  const first = await client.search({ ...base, includeTotal: true });
  const encoder = new TextEncoder();
  let cursor = first.nextCursor;
  let pending: SearchRow[] | null = first.rows;
  let header = format === 'csv';
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pending === null) {
          if (cursor === null) {
            controller.close();
            return;
          }
          const page = await client.search({ ...base, cursor });
          cursor = page.nextCursor;
          pending = page.rows;
        }
        let text = header ? stringify([CSV_COLUMNS]) : '';
        header = false;
        text += format === 'csv' ? csvLines(pending) : ndjsonLines(pending);
        pending = null;
        controller.enqueue(encoder.encode(text));
      },
      cancel() {
        cursor = null;
        pending = null;
      },
    },
    { highWaterMark: 1 },
  );
  return { total: first.total ?? 0, body };
}

function ndjsonLines(rows: readonly SearchRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}

function csvLines(rows: readonly SearchRow[]): string {
  if (rows.length === 0) return '';
  return stringify(
    rows.map((row) => {
      const extra = Object.fromEntries(Object.entries(row).filter(([key]) => !KNOWN.has(key)));
      return CSV_COLUMNS.map((column) => {
        const value = column === 'extra' ? (Object.keys(extra).length === 0 ? null : extra) : row[column];
        if (value === undefined || value === null) return '';
        return typeof value === 'object' ? JSON.stringify(value) : String(value);
      });
    }),
  );
}
