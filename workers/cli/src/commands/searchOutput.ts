import type { SearchRow, SearchStats } from '@rireki/contracts';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { plural } from '../plural.js';
import { cellText, rowInZone } from './searchColumns.js';

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What is known after the last page written. */
export interface SearchSummary {
  readonly rows: number;
  readonly total: number | undefined;
  /** The cursor to print for the next page, or null on the last page. */
  readonly nextCursor: string | null;
  readonly stats: SearchStats | undefined;
}

/** Writes pages as they arrive, so that `--all` holds one page in memory, never the whole result. */
export interface SearchOutput {
  page(rows: readonly SearchRow[]): void;
  end(summary: SearchSummary): void;
}

export interface OutputOptions {
  readonly format: OutputFormat;
  readonly columns: readonly string[];
  readonly zone: string;
  readonly out: NodeJS.WritableStream;
  /** Where a streaming format writes its summary, so that stdout holds only rows. */
  readonly err: NodeJS.WritableStream;
}

/**
 * The writer of a format. `json` is one object for one page; `ndjson` and `csv` stream every page
 * and say the summary on stderr; `table` prints a table per page and the summary below.
 */
export function createSearchOutput(options: OutputOptions): SearchOutput {
  switch (options.format) {
    case 'json':
      return jsonOutput(options);
    case 'ndjson':
      return {
        page: (rows) => {
          for (const row of rows) options.out.write(`${JSON.stringify(rowInZone(row, options.zone))}\n`);
        },
        end: (summary) => options.err.write(`${summaryLine(summary)}\n`),
      };
    case 'csv':
      return csvOutput(options);
    case 'table':
      return tableOutput(options);
  }
}

function jsonOutput({ out, zone }: OutputOptions): SearchOutput {
  const rows: SearchRow[] = [];
  return {
    page: (page) => {
      rows.push(...page.map((row) => rowInZone(row, zone)));
    },
    end: ({ nextCursor, total, stats }) =>
      out.write(
        `${JSON.stringify({ rows, nextCursor, ...(total === undefined ? {} : { total }), stats }, null, 2)}\n`,
      ),
  };
}

function csvOutput({ out, err, columns, zone }: OutputOptions): SearchOutput {
  out.write(stringify([columns]));
  return {
    page: (rows) => {
      if (rows.length > 0)
        out.write(stringify(rows.map((row) => columns.map((c) => cellText(row, c, zone)))));
    },
    end: (summary) => err.write(`${summaryLine(summary)}\n`),
  };
}

function tableOutput({ out, columns, zone }: OutputOptions): SearchOutput {
  let printed = false;
  return {
    page: (rows) => {
      if (rows.length === 0 && printed) return;
      // compact: no rule between rows, which doubled the height of every page.
      const table = new Table({ head: [...columns], style: { head: [], border: [], compact: true } });
      for (const row of rows) table.push(columns.map((column) => cellText(row, column, zone)));
      out.write(`${table.toString()}\n`);
      printed = true;
    },
    end: (summary) => out.write(`${summaryLine(summary)}\n`),
  };
}

function summaryLine({ rows, total, nextCursor, stats }: SearchSummary): string {
  const parts = [plural(rows, 'row')];
  if (total !== undefined) parts.push(`${total} in all`);
  if (nextCursor) parts.push(`more: --cursor ${nextCursor}`);
  if (stats) parts.push(`${stats.engine} ${stats.elapsedMs} ms`);
  return parts.join(' · ');
}
