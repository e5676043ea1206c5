import type { SQSClient } from '@aws-sdk/client-sqs';
import { resolveQueueUrl } from '@rireki/adapters';
import type { SearchRequestInput, SearchRow } from '@rireki/contracts';
import { createSearchClient, type SearchPage } from '@rireki/sdk';
import Table from 'cli-table3';

export interface SearchCommandOptions {
  readonly queue: string;
  readonly request: SearchRequestInput;
  /** Follow nextCursor to the last page. */
  readonly all: boolean;
  readonly format: 'json' | 'table';
  readonly timeoutMs: number;
  readonly requester?: string;
  readonly key?: string;
}

const TABLE_COLUMNS = [
  'occurredAt',
  'app',
  'method',
  'path',
  'status',
  'durationMs',
  'userId',
  'action',
] as const;

/** Runs a search through the SQS request-reply path, as any other requester would. */
export async function runSearchCommand(
  sqs: SQSClient,
  options: SearchCommandOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  const searchQueueUrl = await resolveQueueUrl(sqs, options.queue);
  const client = await createSearchClient({
    sqs,
    searchQueueUrl,
    timeoutMs: options.timeoutMs,
    ...(options.requester !== undefined && options.key !== undefined
      ? { requester: options.requester, key: options.key }
      : {}),
  });
  try {
    const pages: SearchPage[] = [];
    if (options.all) {
      for await (const page of client.pages(options.request)) pages.push(page);
    } else {
      pages.push(await client.search(options.request));
    }
    const rows = pages.flatMap((page) => page.rows);
    const last = pages[pages.length - 1];
    const total = pages[0]?.total;
    if (options.format === 'json') {
      out.write(
        `${JSON.stringify({ rows, nextCursor: last?.nextCursor ?? null, ...(total === undefined ? {} : { total }), stats: last?.stats }, null, 2)}\n`,
      );
      return;
    }
    out.write(`${renderTable(rows)}\n`);
    const summary = [`${rows.length} rows`];
    if (total !== undefined) summary.push(`${total} in all`);
    if (last?.nextCursor) summary.push(`more: --cursor ${last.nextCursor}`);
    if (last) summary.push(`${last.stats.engine} ${last.stats.elapsedMs} ms`);
    out.write(`${summary.join(' · ')}\n`);
  } finally {
    await client.close();
  }
}

function renderTable(rows: readonly SearchRow[]): string {
  const table = new Table({ head: [...TABLE_COLUMNS], style: { head: [], border: [] } });
  for (const row of rows) {
    table.push(TABLE_COLUMNS.map((column) => (row[column] === undefined ? '' : String(row[column]))));
  }
  return table.toString();
}
