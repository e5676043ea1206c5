import { createRequire } from 'node:module';
import { ConfigError, LOCAL_STACK, QUEUE_NAMES } from '@rireki/contracts';
import { Command } from 'commander';
import { SearchInterrupted } from './commands/searchSession.js';
import { connectSqs } from './connectSqs.js';
import { registerConsoleCommand } from './consoleCommand.js';
import { numberFlag } from './flags/numberFlag.js';
import { EXIT_USAGE, UsageError } from './flags/UsageError.js';
import { registerMaintenanceCommands } from './maintenanceCommands.js';
import { plural } from './plural.js';
import { registerQuarantineCommands } from './quarantineCommands.js';
import { registerSearchCommand } from './searchCommand.js';
import { StackStartError } from './stack/dataDirLock.js';
import { loadStackConfig } from './stack/stackConfig.js';
import { registerStatusCommand } from './statusCommand.js';
import { registerVerifyCommand } from './verifyCommand.js';

const program = new Command();

function cliVersion(): string {
  // src/ and dist/ both sit beside the package's own package.json.
  const manifest: unknown = createRequire(import.meta.url)('../package.json');
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

program
  .name('rireki')
  .description('Action history of many web apps in one cheap, fast, searchable lake.')
  .version(cliVersion(), '-V, --version', 'print the version of rireki')
  .showHelpAfterError()
  // Commander exits 1 on every usage error; a bad flag exits 2 (EXIT_USAGE), as rireki's own
  // checks of flag values do. Help and --version still exit 0.
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  });

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
      // Loaded when run, so that every other command starts without the stack's adapters.
      const [{ runUp }, { createLogger }] = await Promise.all([
        import('./commands/up.js'),
        import('@rireki/adapters'),
      ]);
      await runUp(config, { demo: options.demo, demoRate: options.demoRate }, createLogger('rireki-stack'));
    },
  );

program
  .command('send')
  .description(
    'send action-log events, one JSON object per line, from a file or standard input; lines the ingest worker would quarantine are reported by number and not sent (exit 1)',
  )
  .argument('[file]', 'JSON-lines file; "-" or none reads standard input')
  .option('--queue <name-or-url>', 'ingest queue', QUEUE_NAMES.ingest)
  .option('--app <code>', 'app code for events that have none')
  .option(
    '--endpoint <url>',
    'SQS endpoint (default AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else the local stack)',
  )
  .action(async (file: string | undefined, options: { queue: string; app?: string; endpoint?: string }) => {
    const sqs = connectSqs(options.endpoint);
    const { runSend } = await import('./commands/send.js');
    const report = await runSend(sqs, { file, queue: options.queue, app: options.app });
    sqs.destroy();
    for (const bad of report.badLines) process.stderr.write(`line ${bad.line}: ${bad.reason}\n`);
    process.stdout.write(`sent ${plural(report.sent, 'event')} in ${plural(report.messages, 'message')}\n`);
    if (report.badLines.length > 0 || report.failed > 0) {
      process.stderr.write(`${report.badLines.length} bad lines, ${report.failed} events not sent\n`);
      process.exitCode = 1;
    }
  });

registerSearchCommand(program);
registerMaintenanceCommands(program);
registerQuarantineCommands(program);
registerStatusCommand(program);
registerConsoleCommand(program);
registerVerifyCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`rireki: ${error.message}\n`);
    process.exitCode = 78;
    return;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`rireki: ${error.message.replaceAll('\n', '\nrireki: ')}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (error instanceof SearchInterrupted) {
    process.stderr.write(`rireki: ${error.message}\n`);
    // The shell's convention for a process ended by a signal: 128 + its number.
    process.exitCode = error.signal === 'SIGINT' ? 130 : 143;
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
