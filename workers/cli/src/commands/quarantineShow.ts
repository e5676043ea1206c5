import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QuarantineEntry } from '@rireki/contracts';
import { type SearchConnection, withSearchClient } from './searchSession.js';

const REF = /^(quarantine\/dt=(\d{4}-\d{2}-\d{2})\/[^#]+\.jsonl)#(\d+)$/;

/** A record named `<file>#<line>`, as `list` prints it. */
export function parseRecordRef(ref: string): { file: string; line: number; dt: string } {
  const match = REF.exec(ref);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new Error(
      `record "${ref}": expected quarantine/dt=YYYY-MM-DD/<name>.jsonl#<line>, as list prints it`,
    );
  }
  return { file: match[1], dt: match[2], line: Number(match[3]) };
}

/**
 * `rireki quarantine show <record>`: one record in full, found through the query worker over the
 * day its file was written, so the requester's grants apply. Returns null when it is not there
 * (or not visible to this requester).
 */
export async function runQuarantineShow(
  sqs: SQSClient,
  options: SearchConnection & { readonly ref: string; readonly app?: string },
): Promise<QuarantineEntry | null> {
  const { file, line, dt } = parseRecordRef(options.ref);
  return withSearchClient(sqs, options, async (client) => {
    let cursor: string | undefined;
    do {
      const page = await client.quarantine({
        from: dt,
        to: dt,
        limit: 100,
        ...(options.app === undefined ? {} : { app: options.app }),
        ...(cursor === undefined ? {} : { cursor }),
      });
      const found = page.records.find((record) => record.file === file && record.line === line);
      if (found) return found;
      if (page.records.some((record) => record.file > file)) return null;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return null;
  });
}

/** The record for a person: every field, the raw input as indented JSON where it is whole. */
export function quarantineRecordText(record: QuarantineEntry): string {
  const raw = record.rawTruncated
    ? `${record.raw}… (cut: ${record.rawBytes} bytes in all)`
    : indent(record.raw);
  return [
    `record         ${record.file}#${record.line}`,
    `app            ${record.app ?? '-'}`,
    `quarantinedAt  ${record.quarantinedAt}`,
    `messageId      ${record.messageId} (event ${record.index ?? '-'})`,
    `reason         ${record.reason}`,
    `eventId        ${record.eventId ?? '-'}`,
    `replayed       ${record.replayed === null ? 'no' : `${record.replayed.replayedAt} as ${record.replayed.eventId}`}`,
    'problems',
    ...record.problems.map((problem) => `  ${problem.path}: ${problem.message}`),
    'raw',
    raw,
  ].join('\n');
}

function indent(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
