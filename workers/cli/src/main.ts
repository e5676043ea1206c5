import { createLogger } from '@rireki/adapters';
import { ConfigError, LOCAL_STACK, QUEUE_NAMES, SEARCH_LIMITS } from '@rireki/contracts';
import { Command } from 'commander';
import { parseFilter } from './commands/parseFilter.js';
import { runSearchCommand } from './commands/search.js';
import { runSend } from './commands/send.js';
import { runUp } from './commands/up.js';
import { connectSqs } from './connectSqs.js';
import { numberFlag } from './flags/numberFlag.js';
import { registerMaintenanceCommands } from './maintenanceCommands.js';
import { StackStartError } from './stack/dataDirLock.js';
import { loadStackConfig } from './stack/stackConfig.js';

const program = new Command();

program
  .name('rireki')
  .description('Action history of many web apps in one cheap, fast, searchable lake.')
  .showHelpAfterError();

program
  .command('up', { isDefault: false })
  .description(
    'run the local stack: embedded SQS endpoint, queues, lake on disk, ingest, query and maintenance workers',
  )
  .option('--demo', 'also send realistic traffic from three apps (shop, blog, admin)', false)
  .option('--demo-rate <events/s>', 'demo events per second', numberFlag({ min: 1, max: 10_000 }), 50)
  .option(
    '--port <port>',
    `SQS endpoint port (env RIREKI_PORT, default ${LOCAL_STACK.port})`,
    numberFlag({ min: 0, max: 65_535 }),
  )
  .option(
    '--data-dir <dir>',
    `queue, lake and catalog directory (env RIREKI_DATA_DIR, default ${LOCAL_STACK.dataDir})`,
  )
  .option(
    '--ephemeral',
    'keep the queue in memory only: messages not yet ingested are lost when the stack stops',
    false,
  )
  .action(
    async (options: {
      demo: boolean;
      demoRate: number;
      port?: number;
      dataDir?: string;
      ephemeral: boolean;
    }) => {
      const config = loadStackConfig(process.env, {
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        ephemeral: options.ephemeral,
      });
      await runUp(config, { demo: options.demo, demoRate: options.demoRate }, createLogger('rireki-stack'));
    },
  );

program
  .command('send')
  .description('send action-log events, one JSON object per line, from a file or standard input')
  .argument('[file]', 'JSON-lines file; "-" or none reads standard input')
  .option('--queue <name-or-url>', 'ingest queue', QUEUE_NAMES.ingest)
  .option('--app <code>', 'app code for events that have none')
  .option(
    '--endpoint <url>',
    'SQS endpoint (default AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else the local stack)',
  )
  .action(async (file: string | undefined, options: { queue: string; app?: string; endpoint?: string }) => {
    const sqs = connectSqs(options.endpoint);
    const report = await runSend(sqs, { file, queue: options.queue, app: options.app });
    sqs.destroy();
    for (const bad of report.badLines) process.stderr.write(`line ${bad.line}: ${bad.reason}\n`);
    process.stdout.write(`sent ${report.sent} events in ${report.messages} messages\n`);
    if (report.badLines.length > 0 || report.failed > 0) {
      process.stderr.write(`${report.badLines.length} bad lines, ${report.failed} events not sent\n`);
      process.exitCode = 1;
    }
  });

const DAY_MS = 86_400_000;

program
  .command('search')
  .description('search the action history through the search queue, like any app would')
  .requiredOption('--app <codes>', 'app code, or several separated by commas')
  .option('--from <time>', 'start, RFC 3339 (default: 7 days before --to)')
  .option('--to <time>', 'end, RFC 3339, exclusive (default: now)')
  .option(
    '--filter <expr>',
    'field=value, field=a|b, field>=n, field<n, field^=prefix, field*=text (repeatable)',
    (value: string, previous: string[]) => [...previous, value],
    [] as string[],
  )
  .option('--text <text>', 'case-insensitive text in path, action or params')
  .option('--order <order>', 'desc (newest first) or asc', 'desc')
  .option('--limit <n>', 'rows per page (1-1000)', numberFlag({ min: 1, max: SEARCH_LIMITS.maxLimit }), 50)
  .option('--cursor <cursor>', 'nextCursor of a previous page')
  .option('--all', 'follow every page', false)
  .option('--total', 'also count every matching row', false)
  .option('--json', 'print JSON (default: a table)', false)
  .option('--queue <name-or-url>', 'search queue', QUEUE_NAMES.search)
  .option(
    '--endpoint <url>',
    'SQS endpoint (default AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else the local stack)',
  )
  .option('--timeout <ms>', 'how long to wait for each reply', numberFlag({ min: 1 }), 30_000)
  .action(
    async (options: {
      app: string;
      from?: string;
      to?: string;
      filter: string[];
      text?: string;
      order: string;
      limit: number;
      cursor?: string;
      all: boolean;
      total: boolean;
      json: boolean;
      queue: string;
      endpoint?: string;
      timeout: number;
    }) => {
      const to = options.to ?? new Date().toISOString();
      const from = options.from ?? new Date(Date.parse(to) - 7 * DAY_MS).toISOString();
      const apps = options.app.split(',').map((app) => app.trim());
      const filters = Object.fromEntries(options.filter.map(parseFilter));
      const request = {
        app: apps.length === 1 ? (apps[0] as string) : apps,
        from,
        to,
        order: options.order as 'asc' | 'desc',
        limit: options.limit,
        includeTotal: options.total,
        ...(options.filter.length > 0 ? { filters } : {}),
        ...(options.text === undefined ? {} : { text: options.text }),
        ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      };
      const sqs = connectSqs(options.endpoint);
      const requester = process.env.RIREKI_REQUESTER;
      const key = process.env.RIREKI_REQUESTER_KEY;
      try {
        await runSearchCommand(
          sqs,
          {
            queue: options.queue,
            request,
            all: options.all,
            format: options.json ? 'json' : 'table',
            timeoutMs: options.timeout,
            ...(requester !== undefined && key !== undefined ? { requester, key } : {}),
          },
          process.stdout,
        );
      } finally {
        sqs.destroy();
      }
    },
  );

registerMaintenanceCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`rireki: ${error.message}\n`);
    process.exitCode = 78;
    return;
  }
  if (error instanceof StackStartError) {
    process.stderr.write(`rireki: ${error.message}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  process.stderr.write(`rireki: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
