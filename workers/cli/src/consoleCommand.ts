import { ENV_KEYS, LOCAL_STACK, QUEUE_NAMES } from '@rireki/contracts';
import type { Command } from 'commander';
import { consoleLines, serveConsole } from './commands/serveConsole.js';
import { connectSqs } from './connectSqs.js';
import { numberFlag } from './flags/numberFlag.js';
import { requesterCredentials } from './requesterCredentials.js';
import { resultPointerReader } from './resultPointerReader.js';
import { loadStackConfig } from './stack/stackConfig.js';
import { stopSignal } from './stack/stopSignal.js';

/** `rireki console`: the web console, a requester of the search queue like any other. */
export function registerConsoleCommand(program: Command): void {
  program
    .command('console')
    .description('serve the web console: search, histogram, top values, export and quarantine in the browser')
    .option(
      '--host <address>',
      `address to listen on (env ${ENV_KEYS.consoleHost}, default ${LOCAL_STACK.host}); beyond loopback a token is required`,
    )
    .option(
      '--port <port>',
      `port (env ${ENV_KEYS.consolePort}, default ${LOCAL_STACK.consolePort}; 0 picks a free one)`,
      numberFlag({ min: 0, max: 65_535 }),
    )
    .option('--queue <name-or-url>', 'search queue', QUEUE_NAMES.search)
    .option(
      '--endpoint <url>',
      'SQS endpoint (default AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else the local stack)',
    )
    .option('--timeout <ms>', 'how long to wait for each reply', numberFlag({ min: 1 }), 30_000)
    .action(
      async (flags: { host?: string; port?: number; queue: string; endpoint?: string; timeout: number }) => {
        const requester = requesterCredentials(process.env);
        // RIREKI_CONSOLE_PORT is read and checked the way `rireki up` reads it.
        const port = flags.port ?? loadStackConfig(process.env).consolePort;
        const sqs = connectSqs(flags.endpoint);
        const running = await serveConsole({
          sqs,
          searchQueue: flags.queue,
          requester,
          host: flags.host ?? process.env[ENV_KEYS.consoleHost] ?? LOCAL_STACK.host,
          port,
          token: process.env[ENV_KEYS.consoleToken],
          timeoutMs: flags.timeout,
          readPointer: resultPointerReader(),
          portSource: flags.port === undefined ? ENV_KEYS.consolePort : '--port',
        });
        process.stdout.write(
          `rireki web console\n\n${consoleLines(running, requester?.name).join('\n')}\n\nCtrl-C stops it.\n`,
        );
        await stopSignal();
        await running.close();
        sqs.destroy();
      },
    );
}
