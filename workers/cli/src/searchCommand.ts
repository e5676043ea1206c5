import { QUEUE_NAMES, SEARCH_LIMITS } from '@rireki/contracts';
import type { Command } from 'commander';
import { runSearchCommand } from './commands/search.js';
import { planSearch, type SearchFlags } from './commands/searchFlags.js';
import { OUTPUT_FORMATS } from './commands/searchOutput.js';
import { connectSqs } from './connectSqs.js';
import { numberFlag } from './flags/numberFlag.js';
import { acceptedTimes } from './flags/timeFlag.js';
import { resolveTimeZone, TIME_ZONE_ENV } from './flags/timeZone.js';
import { requesterCredentials } from './requesterCredentials.js';

/** `rireki search`: the search queue's request and reply, as any requester uses them. */
export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('search the action history through the search queue, like any app would')
    .requiredOption('--app <codes>', 'app code, or several separated by commas')
    .option('--from <time>', `start: ${acceptedTimes('--tz')} (default: 7 days before --to)`)
    .option('--to <time>', 'end, exclusive, in the same forms (default: now)')
    .option(
      '--filter <expr>',
      'field=value, field=a|b, field!=value, field!=a|b, field>=n, field<n, field^=prefix, field*=text (repeatable; comparisons on one field combine)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--text <text>', 'case-insensitive text in path, action or params (filters are case-sensitive)')
    .option('--order <order>', 'desc (newest first) or asc', 'desc')
    .option(
      '--limit <n>',
      `rows per page (1-${SEARCH_LIMITS.maxLimit})`,
      numberFlag({ min: 1, max: SEARCH_LIMITS.maxLimit }),
      SEARCH_LIMITS.defaultLimit,
    )
    .option('--cursor <cursor>', 'the cursor a previous page printed (continues that search)')
    .option('--all', 'follow every page (streams; with --json, one row per line)', false)
    .option('--total', 'also count every matching row', false)
    .option('--format <format>', `${OUTPUT_FORMATS.join(', ')} (default: table)`)
    .option('--json', 'same as --format json', false)
    .option(
      '--columns <names>',
      'table and CSV columns, comma-separated: contract fields, receivedAt, attributes.<name>, params.<name>',
    )
    .option(
      '--tz <zone>',
      `IANA time zone to show times and read dates in (env ${TIME_ZONE_ENV}, default UTC)`,
    )
    .option('--queue <name-or-url>', 'search queue', QUEUE_NAMES.search)
    .option(
      '--endpoint <url>',
      'SQS endpoint (default AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else the local stack)',
    )
    .option('--timeout <ms>', 'how long to wait for each reply', numberFlag({ min: 1 }), 30_000)
    .action(
      async (flags: SearchFlags & { tz?: string; queue: string; endpoint?: string; timeout: number }) => {
        const zone = resolveTimeZone(flags.tz);
        const plan = planSearch(flags, zone, Date.now());
        const requester = requesterCredentials(process.env);
        const sqs = connectSqs(flags.endpoint);
        try {
          await runSearchCommand(
            sqs,
            {
              queue: flags.queue,
              ...plan,
              zone,
              timeoutMs: flags.timeout,
              ...(requester === undefined ? {} : { requester }),
            },
            process.stdout,
            process.stderr,
          );
        } finally {
          sqs.destroy();
        }
      },
    );
}
