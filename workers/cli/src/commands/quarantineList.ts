import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QuarantineEntry } from '@rireki/contracts';
import type { QuarantinePage, QuarantineQuery } from '@rireki/sdk';
import Table from 'cli-table3';
import { type SearchConnection, withSearchClient } from './searchSession.js';

export interface QuarantineListOptions extends SearchConnection {
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
  await withSearchClient(sqs, options, async (client) => {
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
