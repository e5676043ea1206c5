import type { SQSClient } from '@aws-sdk/client-sqs';
import { resolveQueueUrl } from '@rireki/adapters/sqs';
import type { QuarantineEntry } from '@rireki/contracts';
import {
  createSearchClient,
  type QuarantinePage,
  type QuarantineQuery,
  type SearchClient,
} from '@rireki/sdk';
import Table from 'cli-table3';

/** How the quarantine commands reach the query worker. */
export interface QuarantineConnection {
  readonly queue: string;
  readonly timeoutMs: number;
  readonly requester?: string;
  readonly key?: string;
}

export interface QuarantineListOptions extends QuarantineConnection {
  readonly query: QuarantineQuery;
  /** Follow nextCursor to the last page. */
  readonly all: boolean;
  readonly json: boolean;
}

/** `rireki quarantine list`: pages of quarantined records through the query worker (its grants apply). */
export async function runQuarantineList(
  sqs: SQSClient,
  options: QuarantineListOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  await withClient(sqs, options, async (client) => {
    const pages: QuarantinePage[] = [];
    let cursor = options.query.cursor;
    do {
      const page = await client.quarantine({ ...options.query, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (options.all && cursor !== undefined);
    const records = pages.flatMap((page) => page.records);
    const nextCursor = pages.at(-1)?.nextCursor ?? null;
    if (options.json) {
      out.write(`${JSON.stringify({ records, nextCursor }, null, 2)}\n`);
      return;
    }
    out.write(`${renderTable(records)}\n`);
    if (nextCursor !== null) out.write(`more: --cursor ${nextCursor}\n`);
  });
}

/** `<file>#<line>`: how the commands name one record. */
export function recordRef(record: Pick<QuarantineEntry, 'file' | 'line'>): string {
  return `${record.file}#${record.line}`;
}

/** Runs `use` with a search client on the search queue, closed afterwards. */
export async function withClient<T>(
  sqs: SQSClient,
  connection: QuarantineConnection,
  use: (client: SearchClient) => Promise<T>,
): Promise<T> {
  const searchQueueUrl = await resolveQueueUrl(sqs, connection.queue);
  const client = await createSearchClient({
    sqs,
    searchQueueUrl,
    timeoutMs: connection.timeoutMs,
    ...(connection.requester !== undefined && connection.key !== undefined
      ? { requester: connection.requester, key: connection.key }
      : {}),
  });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

function renderTable(records: readonly QuarantineEntry[]): string {
  if (records.length === 0) return '(no quarantined records)';
  // No colours: the output is read in pipes and files too, where escape codes are noise.
  const table = new Table({
    head: ['quarantinedAt', 'app', 'reason', 'problems', 'replayed', 'record'],
    style: { head: [], border: [], compact: true },
  });
  for (const record of records) {
    table.push([
      record.quarantinedAt,
      record.app ?? '-',
      record.reason,
      record.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'),
      record.replayed === null ? '' : `${record.replayed.replayedAt} as ${record.replayed.eventId}`,
      recordRef(record),
    ]);
  }
  return table.toString();
}
