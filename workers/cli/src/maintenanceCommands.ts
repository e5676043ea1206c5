import { LOCAL_STACK } from '@rireki/contracts';
import type { Command } from 'commander';
import { numberFlag } from './flags/numberFlag.js';
import { plural } from './plural.js';

/** RIREKI_DATA_DIR for this run when --data-dir is given; the AWS lake comes from RIREKI_MODE and RIREKI_LAKE. */
function envWith(dataDir: string | undefined): NodeJS.ProcessEnv {
  return dataDir === undefined ? process.env : { ...process.env, RIREKI_DATA_DIR: dataDir };
}

interface CommonFlags {
  app?: string;
  from?: string;
  to?: string;
  dryRun: boolean;
  dataDir?: string;
  json: boolean;
}

function withCommonFlags(command: Command, appRequired: boolean, verb: string): Command {
  if (appRequired) command.requiredOption('--app <code>', 'app code');
  else command.option('--app <code>', 'only this app; default: every app');
  return command
    .option('--from <date>', `first UTC date (YYYY-MM-DD) to ${verb}; default: every date`)
    .option('--to <date>', `last UTC date (YYYY-MM-DD) to ${verb}, inclusive`)
    .option('--dry-run', 'say what would be done, change nothing', false)
    .option(
      '--data-dir <dir>',
      `lake and catalog directory (env RIREKI_DATA_DIR, default ${LOCAL_STACK.dataDir})`,
    )
    .option('--json', 'print the summary as JSON', false);
}

function selection(options: CommonFlags) {
  return {
    ...(options.app === undefined ? {} : { app: options.app }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };
}

/**
 * The maintenance worker's steps as one-shot commands, on the lake it maintains: progress on
 * stderr, the summary on stdout, exit code 1 when a partition failed.
 */
export function registerMaintenanceCommands(program: Command): void {
  withCommonFlags(
    program
      .command('compact')
      .description(
        'compact the small files of quiet partitions into few sorted ones without duplicates, now',
      ),
    false,
    'compact',
  )
    .option(
      '--quiet-ms <ms>',
      'files left alone this long qualify (default RIREKI_COMPACT_QUIET_MS)',
      numberFlag({ min: 0 }),
    )
    .option(
      '--min-files <n>',
      'the fewest quiet files worth a rewrite (default RIREKI_COMPACT_MIN_FILES)',
      numberFlag({ min: 2 }),
    )
    .action(async (options: CommonFlags & { quietMs?: number; minFiles?: number }) => {
      // Loaded when run: the maintenance worker brings DuckDB, which other commands never need.
      const { compactionSummaryText, runCompact } = await import('./commands/compact.js');
      const summary = await runCompact(envWith(options.dataDir), {
        ...selection(options),
        dryRun: options.dryRun,
        ...(options.quietMs === undefined ? {} : { quietMs: options.quietMs }),
        ...(options.minFiles === undefined ? {} : { minFiles: options.minFiles }),
      });
      process.stdout.write(`${options.json ? JSON.stringify(summary) : compactionSummaryText(summary)}\n`);
      if (summary.failed > 0) process.exitCode = 1;
    });

  withCommonFlags(
    program
      .command('retain')
      .description(
        'retire the partitions past their app’s retention (RIREKI_RETENTION) and expire old quarantine and results files, now',
      ),
    false,
    'check',
  ).action(async (options: CommonFlags) => {
    const { retentionSummaryText, runRetain } = await import('./commands/retain.js');
    const summary = await runRetain(envWith(options.dataDir), {
      ...selection(options),
      dryRun: options.dryRun,
    });
    process.stdout.write(`${options.json ? JSON.stringify(summary) : retentionSummaryText(summary)}\n`);
    if (summary.failed > 0) process.exitCode = 1;
  });

  withCommonFlags(
    program
      .command('erase')
      .description(
        "remove one user's events of one app from the lake (right to erasure), and record that it was done",
      ),
    true,
    'erase',
  )
    .requiredOption('--user <id>', 'the userId whose events are removed')
    .action(async (options: CommonFlags & { app: string; user: string }) => {
      const { runErase } = await import('./commands/erase.js');
      const report = await runErase(
        envWith(options.dataDir),
        { ...selection(options), app: options.app, user: options.user, dryRun: options.dryRun },
        (line) => process.stderr.write(`${line}\n`),
      );
      if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else {
        const verb = report.dryRun ? 'would remove' : 'removed';
        process.stdout.write(
          `${verb} ${plural(report.rowsRemoved, 'row')} of user ${report.userId} in ${plural(report.partitions, 'partition')} of ${report.app}` +
            (report.dryRun
              ? ' (dry run: nothing changed)\n'
              : `; ${plural(report.filesRewritten, 'file')} rewritten; audit record ${report.id}\n`),
        );
      }
    });
}
