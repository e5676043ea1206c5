import { createLogger, createSqsClient } from '@rireki/adapters';
import { ConfigError, LOCAL_STACK, QUEUE_NAMES } from '@rireki/contracts';
import { Command, InvalidArgumentError } from 'commander';
import { runSend } from './commands/send.js';
import { runUp } from './commands/up.js';
import { loadStackConfig } from './stack/stackConfig.js';

const program = new Command();

function positiveInt(name: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65_535)
      throw new InvalidArgumentError(`${name} must be an integer from 0 to 65535`);
    return value;
  };
}

program
  .name('rireki')
  .description('Action history of many web apps in one cheap, fast, searchable lake.')
  .showHelpAfterError();

program
  .command('up', { isDefault: false })
  .description('run the local stack: embedded SQS endpoint, queues, lake on disk, ingest worker')
  .option('--demo', 'also send realistic traffic from three apps (shop, blog, admin)', false)
  .option('--demo-rate <events/s>', 'demo events per second', positiveInt('--demo-rate'), 50)
  .option(
    '--port <port>',
    `SQS endpoint port (env RIREKI_PORT, default ${LOCAL_STACK.port})`,
    positiveInt('--port'),
  )
  .option(
    '--data-dir <dir>',
    `lake and catalog directory (env RIREKI_DATA_DIR, default ${LOCAL_STACK.dataDir})`,
  )
  .action(async (options: { demo: boolean; demoRate: number; port?: number; dataDir?: string }) => {
    const config = loadStackConfig(process.env, {
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    });
    await runUp(config, { demo: options.demo, demoRate: options.demoRate }, createLogger('rireki-stack'));
  });

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
    const endpoint =
      options.endpoint ??
      process.env.AWS_ENDPOINT_URL_SQS ??
      process.env.AWS_ENDPOINT_URL ??
      `http://${LOCAL_STACK.host}:${LOCAL_STACK.port}`;
    const local =
      endpoint.startsWith(`http://${LOCAL_STACK.host}`) || endpoint.startsWith('http://localhost');
    const sqs = createSqsClient({
      endpoint,
      region: process.env.AWS_REGION ?? LOCAL_STACK.region,
      ...(local && !process.env.AWS_ACCESS_KEY_ID
        ? {
            credentials: {
              accessKeyId: LOCAL_STACK.accessKeyId,
              secretAccessKey: LOCAL_STACK.secretAccessKey,
            },
          }
        : {}),
    });
    const report = await runSend(sqs, { file, queue: options.queue, app: options.app });
    sqs.destroy();
    for (const bad of report.badLines) process.stderr.write(`line ${bad.line}: ${bad.reason}\n`);
    process.stdout.write(`sent ${report.sent} events in ${report.messages} messages\n`);
    if (report.badLines.length > 0 || report.failed > 0) {
      process.stderr.write(`${report.badLines.length} bad lines, ${report.failed} events not sent\n`);
      process.exitCode = 1;
    }
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`rireki: ${error.message}\n`);
    process.exitCode = 78;
    return;
  }
  process.stderr.write(`rireki: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
