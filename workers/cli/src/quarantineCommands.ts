import { LOCAL_STACK, QUARANTINE_LIMITS, QUEUE_NAMES } from '@rireki/contracts';
import type { Command } from 'commander';
import { selectionProblems } from './commands/maintenanceFlags.js';
import { type FieldSetting, loadFixScript, parseSetting } from './commands/quarantineFix.js';
import { connectSqs } from './connectSqs.js';
import { numberFlag } from './flags/numberFlag.js';
import { UsageError } from './flags/UsageError.js';
import { requesterCredentials } from './requesterCredentials.js';

const DAY_MS = 86_400_000;
const ENDPOINT_HELP = 'SQS endpoint (default AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else the local stack)';

interface SelectionFlags {
  app?: string;
  from?: string;
  to?: string;
  reason?: string;
  endpoint?: string;
  json: boolean;
}

interface ConnectionFlags {
  queue: string;
  endpoint?: string;
  timeout: number;
}

function withSelection(command: Command): Command {
  return command
    .option(
      '--app <codes>',
      'only these apps, separated by commas; default: every app (needs a grant of "*")',
    )
    .option(
      '--from <date>',
      'first UTC date the records were quarantined on, YYYY-MM-DD (default: 6 days before --to)',
    )
    .option('--to <date>', 'last UTC date, inclusive, YYYY-MM-DD (default: today)')
    .option('--reason <text>', 'only records whose reason or a problem contains this text (ignoring case)')
    .option('--endpoint <url>', ENDPOINT_HELP)
    .option('--json', 'print JSON', false);
}

function withConnection(command: Command): Command {
  return command
    .option('--queue <name-or-url>', 'search queue', QUEUE_NAMES.search)
    .option('--timeout <ms>', 'how long to wait for each reply', numberFlag({ min: 1 }), 30_000);
}

function appsOf(flag: string | undefined): string[] | undefined {
  return flag === undefined ? undefined : flag.split(',').map((app) => app.trim());
}

/** Signed access as for `rireki search`: both RIREKI_REQUESTER and its key, or neither. */
function signedBy(): { readonly requester?: { readonly name: string; readonly key: string } } {
  const requester = requesterCredentials(process.env);
  return requester === undefined ? {} : { requester };
}

/**
 * The selected dates, after the same checks as the maintenance commands' flags: a bad --from, --to
 * or app code is a UsageError naming it, not an "Invalid time value" from the date arithmetic.
 */
function dates(options: SelectionFlags): { from: string; to: string } {
  const problems = [
    ...selectionProblems({
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.to === undefined ? {} : { to: options.to }),
    }),
    ...(appsOf(options.app) ?? []).flatMap((app) => selectionProblems({ app })),
  ];
  if (problems.length > 0) throw new UsageError(problems);
  const to = options.to ?? new Date().toISOString().slice(0, 10);
  const from = options.from ?? new Date(Date.parse(to) - 6 * DAY_MS).toISOString().slice(0, 10);
  return { from, to };
}

/**
 * `rireki quarantine list|show|replay`: the invalid input the ingest worker kept. `list` and `show`
 * go through the query worker, so the requester's grants apply; `replay` is an operator's command
 * on the lake, like `rireki compact`.
 */
export function registerQuarantineCommands(program: Command): void {
  const quarantine = program
    .command('quarantine')
    .description('list, show and replay the invalid events the ingest worker kept in the quarantine');

  withConnection(
    withSelection(quarantine.command('list').description('list quarantined records, oldest first')),
  )
    .option(
      '--limit <n>',
      `records per page (1-${QUARANTINE_LIMITS.maxLimit})`,
      numberFlag({ min: 1, max: QUARANTINE_LIMITS.maxLimit }),
      QUARANTINE_LIMITS.defaultLimit,
    )
    .option('--cursor <cursor>', 'nextCursor of a previous page')
    .option('--all', 'follow every page', false)
    .action(
      async (
        options: SelectionFlags & ConnectionFlags & { limit: number; cursor?: string; all: boolean },
      ) => {
        const apps = appsOf(options.app);
        const sqs = connectSqs(options.endpoint);
        try {
          const { runQuarantineList } = await import('./commands/quarantineList.js');
          await runQuarantineList(
            sqs,
            {
              queue: options.queue,
              timeoutMs: options.timeout,
              ...signedBy(),
              query: {
                ...dates(options),
                limit: options.limit,
                ...(apps === undefined ? {} : { app: apps }),
                ...(options.reason === undefined ? {} : { reason: options.reason }),
                ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
              },
              all: options.all,
              json: options.json,
            },
            process.stdout,
          );
        } finally {
          sqs.destroy();
        }
      },
    );

  withConnection(
    quarantine
      .command('show')
      .description('print one quarantined record in full')
      .argument('<record>', 'the record as list prints it: quarantine/dt=…/….jsonl#<line>')
      .option('--app <code>', 'the app of the record (needed unless the requester may see every app)')
      .option('--endpoint <url>', ENDPOINT_HELP)
      .option('--json', 'print JSON', false),
  ).action(async (ref: string, options: ConnectionFlags & { app?: string; json: boolean }) => {
    const sqs = connectSqs(options.endpoint);
    try {
      const { quarantineRecordText, runQuarantineShow } = await import('./commands/quarantineShow.js');
      const record = await runQuarantineShow(sqs, {
        ref,
        queue: options.queue,
        timeoutMs: options.timeout,
        ...signedBy(),
        ...(options.app === undefined ? {} : { app: options.app }),
      });
      if (record === null) {
        process.stderr.write(`rireki: no quarantined record ${ref} that this requester may see\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        `${options.json ? JSON.stringify(record, null, 2) : quarantineRecordText(record)}\n`,
      );
    } finally {
      sqs.destroy();
    }
  });

  withSelection(
    quarantine
      .command('replay')
      .description(
        'send quarantined events to the ingest queue again, as they are or fixed, and mark them replayed',
      ),
  )
    .option('--record <record>', 'only this record, as list prints it')
    .option(
      '--set <field=value>',
      'set a field before sending (value as JSON, else text; dotted paths; repeatable)',
      (value: string, previous: FieldSetting[]) => [...previous, parseSetting(value)],
      [] as FieldSetting[],
    )
    .option(
      '--script <file.mjs>',
      'a module whose default export maps an event to the event to send, or null',
    )
    .option('--again', 'also send records already replayed', false)
    .option('--dry-run', 'say what would be sent, send nothing', false)
    .option('--queue <name-or-url>', 'ingest queue', QUEUE_NAMES.ingest)
    .option('--data-dir <dir>', `lake directory (env RIREKI_DATA_DIR, default ${LOCAL_STACK.dataDir})`)
    .action(
      async (
        options: SelectionFlags & {
          record?: string;
          set: FieldSetting[];
          script?: string;
          again: boolean;
          dryRun: boolean;
          queue: string;
          dataDir?: string;
        },
      ) => {
        const env =
          options.dataDir === undefined ? process.env : { ...process.env, RIREKI_DATA_DIR: options.dataDir };
        const apps = appsOf(options.app);
        const script = options.script === undefined ? undefined : await loadFixScript(options.script);
        const sqs = connectSqs(options.endpoint);
        try {
          // Loaded when run: replay opens the lake, with the adapters of every lake kind.
          const { replayReportText, runQuarantineReplay } = await import('./commands/quarantineReplay.js');
          const report = await runQuarantineReplay(env, sqs, {
            ...dates(options),
            ...(apps === undefined ? {} : { apps }),
            ...(options.reason === undefined ? {} : { reason: options.reason }),
            ...(options.record === undefined ? {} : { ref: options.record }),
            ...(script === undefined ? {} : { script }),
            settings: options.set,
            again: options.again,
            dryRun: options.dryRun,
            queue: options.queue,
          });
          process.stdout.write(
            `${options.json ? JSON.stringify(report, null, 2) : replayReportText(report)}\n`,
          );
          const { replayed, 'would-replay': would, ...refused } = report.counts;
          if (Object.values(refused).some((count) => count > 0)) process.exitCode = 1;
        } finally {
          sqs.destroy();
        }
      },
    );
}
