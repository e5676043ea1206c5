import { ENV_KEYS } from '@rireki/contracts';
import type { Command } from 'commander';
import { connectSqs } from './connectSqs.js';
import { loadStackConfig } from './stack/stackConfig.js';

/** `rireki status`: is the stack up, how full are its queues, what is in the lake. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description(
      'check the endpoint, the workers, the queues and their DLQs, ingest lag and the lake; exits 1 when something needs attention',
    )
    .option('--json', 'print JSON', false)
    .option(
      '--endpoint <url>',
      'SQS endpoint (default AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else the local stack)',
    )
    .option('--data-dir <dir>', `local data directory (env ${ENV_KEYS.dataDir})`)
    .action(async (options: { json: boolean; endpoint?: string; dataDir?: string }) => {
      const env =
        options.dataDir === undefined ? process.env : { ...process.env, [ENV_KEYS.dataDir]: options.dataDir };
      // Loaded when run: the lake's adapters and CloudWatch, which no other command needs.
      const [{ CloudWatchClient }, { loadLakeSettings }, { runStatus }, { formatStatus }] = await Promise.all(
        [
          import('@aws-sdk/client-cloudwatch'),
          import('@rireki/adapters'),
          import('./commands/status.js'),
          import('./status/formatStatus.js'),
        ],
      );
      const stack = loadStackConfig(env);
      const mode = env[ENV_KEYS.lake]?.startsWith('s3://') === true ? 'aws' : 'local';
      const sqs = connectSqs(options.endpoint, env);
      try {
        const report = await runStatus(sqs, {
          lake: loadLakeSettings(env, mode),
          metricsPorts: stack.metricsPorts,
          nowMs: Date.now(),
          cloudWatch: () => new CloudWatchClient({ region: stack.region }),
        });
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
        if (report.attention.length > 0) process.exitCode = 1;
      } finally {
        sqs.destroy();
      }
    });
}
