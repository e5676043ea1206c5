import { LOCAL_STACK } from '@rireki/contracts';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';

interface VerifyFlags {
  app?: string;
  from?: string;
  to?: string;
  dataDir?: string;
  publicKey?: string;
  anchor?: string;
  showKey: boolean;
  json: boolean;
}

/**
 * `rireki verify`: checks every digest chain and accounts for every file of the lake, the local
 * directory or S3 (RIREKI_MODE=aws). Exit 0 when all is well, 1 on any failure, 2 on bad flags.
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'prove the lake unchanged: every digest signed and chained, every file accounted for with its hash',
    )
    .option(
      '--app <code>',
      'only this app’s partitions (the quarantine is then left out); default: every app',
    )
    .option('--from <date>', 'first UTC date (YYYY-MM-DD) of partitions and quarantine days to check')
    .option('--to <date>', 'last UTC date (YYYY-MM-DD) to check, inclusive')
    .option('--data-dir <dir>', `lake directory (env RIREKI_DATA_DIR, default ${LOCAL_STACK.dataDir})`)
    .option(
      '--public-key <pem-file>',
      'trust this public key rather than the one under the data directory (keep a copy where the lake’s writers cannot change it)',
    )
    .option(
      '--anchor <file>',
      'a file outside the lake that keeps the chains’ newest digests: each must still be there; a clean run updates it (made by the first run)',
    )
    .option(
      '--show-key',
      'print the trusted public key (PEM, on stdout) and its id (on stderr); check nothing',
      false,
    )
    .option('--json', 'print the report as JSON', false)
    .action(async (flags: VerifyFlags) => {
      const { runVerify, trustedKeys, verifyText } = await import('./commands/verify.js');
      const env =
        flags.dataDir === undefined ? process.env : { ...process.env, RIREKI_DATA_DIR: flags.dataDir };
      const keyFlag = flags.publicKey === undefined ? {} : { publicKey: flags.publicKey };
      if (flags.showKey) {
        const { keys } = await trustedKeys(env, keyFlag);
        // The PEM alone on stdout, so that `--show-key > key.pem` keeps a usable copy.
        for (const key of keys) {
          process.stderr.write(`key id ${key.keyId} (from ${key.source})\n`);
          process.stdout.write(key.pem);
        }
        return;
      }
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            {
              format: 'verifying [{bar}] {value}/{total} files | {duration_formatted}',
              stream: process.stderr,
              hideCursor: true,
              gracefulExit: false,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
      const report = await runVerify(
        env,
        {
          ...keyFlag,
          ...(flags.anchor === undefined ? {} : { anchor: flags.anchor }),
          ...(flags.app === undefined ? {} : { app: flags.app }),
          ...(flags.from === undefined ? {} : { from: flags.from }),
          ...(flags.to === undefined ? {} : { to: flags.to }),
        },
        bar === null ? undefined : { start: (files) => bar.start(files, 0), advance: () => bar.increment() },
      ).finally(() => bar?.stop());
      process.stdout.write(`${flags.json ? JSON.stringify(report) : verifyText(report)}\n`);
      if (!report.ok) process.exitCode = 1;
    });
}
