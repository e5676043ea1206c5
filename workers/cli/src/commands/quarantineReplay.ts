import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  loadWorkerEnv,
  markReplayed,
  openObjectStore,
  type QuarantinedRecord,
  readQuarantine,
  resolveQueueUrl,
} from '@rireki/adapters';
import {
  ActionLogEventSchema,
  type Env,
  type FieldProblem,
  fieldProblems,
  SQS_LIMITS,
} from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { applySettings, type FieldSetting, type QuarantineFix, replayEventId } from './quarantineFix.js';
import { recordRef } from './quarantineList.js';

export interface ReplayOptions {
  readonly apps?: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly reason?: string;
  /** Only this record (`<file>#<line>`). */
  readonly ref?: string;
  readonly settings: readonly FieldSetting[];
  readonly script?: QuarantineFix;
  /** Send records already replayed again. */
  readonly again: boolean;
  readonly dryRun: boolean;
  /** The ingest queue, by name or URL. */
  readonly queue: string;
}

export type ReplayOutcome =
  | 'replayed'
  | 'would-replay'
  | 'already-replayed'
  | 'still-invalid'
  | 'not-an-event'
  | 'left-out-by-script'
  | 'send-failed';

export interface ReplayedRecord {
  readonly record: string;
  readonly outcome: ReplayOutcome;
  readonly eventId?: string;
  readonly problems?: readonly FieldProblem[];
}

export interface ReplayReport {
  readonly records: readonly ReplayedRecord[];
  readonly counts: Readonly<Record<ReplayOutcome, number>>;
}

/**
 * `rireki quarantine replay`: sends the kept raw events back to the ingest queue, as they are or
 * fixed, each with its own eventId or one derived from its place, then marks it replayed in the
 * lake. It reads the lake directly, with the operator's lake credentials like `rireki compact`:
 * the query worker only reads, and sending to the ingest queue and writing marks are an operator's
 * rights, not a requester's.
 */
export async function runQuarantineReplay(
  env: Env,
  sqs: SQSClient,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const { lake, aws } = loadWorkerEnv(env, () => ({}));
  const store = openObjectStore(lake, {}, aws.region);
  const queueUrl = options.dryRun ? '' : await resolveQueueUrl(sqs, options.queue);
  const results: ReplayedRecord[] = [];
  let batch: Array<{ found: QuarantinedRecord; event: Record<string, unknown>; eventId: string }> = [];
  const flush = async () => {
    results.push(...(await sendBatch(sqs, store, queueUrl, batch)));
    batch = [];
  };
  for await (const found of readQuarantine(store, {
    from: options.from,
    to: options.to,
    ...(options.apps === undefined ? {} : { apps: options.apps }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  })) {
    const record = recordRef(found);
    if (options.ref !== undefined && record !== options.ref) continue;
    const prepared = prepare(found, options);
    if ('outcome' in prepared) {
      results.push({ record, ...prepared });
      continue;
    }
    if (options.dryRun) {
      results.push({ record, outcome: 'would-replay', eventId: prepared.eventId });
      continue;
    }
    batch.push({ found, ...prepared });
    if (batch.length === SQS_LIMITS.batchEntries) await flush();
  }
  if (batch.length > 0) await flush();
  return { records: results, counts: countOutcomes(results) };
}

function prepare(
  found: QuarantinedRecord,
  options: ReplayOptions,
):
  | { event: Record<string, unknown>; eventId: string }
  | { outcome: ReplayOutcome; eventId?: string; problems?: readonly FieldProblem[] } {
  if (found.replayed !== null && !options.again) {
    return { outcome: 'already-replayed', eventId: found.replayed.eventId };
  }
  const raw = found.record.raw;
  if (found.record.index === null || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { outcome: 'not-an-event' };
  }
  const eventId = found.eventId ?? replayEventId(found.file, found.line);
  const set = applySettings(raw as Record<string, unknown>, options.settings);
  const fixed = options.script === undefined ? set : options.script(set);
  if (fixed === null) return { outcome: 'left-out-by-script', eventId };
  const event = { ...fixed, eventId };
  const parsed = ActionLogEventSchema.safeParse(event);
  if (!parsed.success) return { outcome: 'still-invalid', eventId, problems: fieldProblems(parsed.error) };
  return { event, eventId };
}

async function sendBatch(
  sqs: SQSClient,
  store: ObjectStore,
  queueUrl: string,
  batch: ReadonlyArray<{ found: QuarantinedRecord; event: Record<string, unknown>; eventId: string }>,
): Promise<ReplayedRecord[]> {
  const result = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: batch.map((entry, i) => ({ Id: String(i), MessageBody: JSON.stringify(entry.event) })),
    }),
  );
  const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
  const replayedAt = new Date().toISOString();
  const out: ReplayedRecord[] = [];
  for (const [i, { found, eventId }] of batch.entries()) {
    const record = recordRef(found);
    if (failed.has(String(i))) {
      out.push({ record, outcome: 'send-failed', eventId });
      continue;
    }
    await markReplayed(store, found, { replayedAt, eventId });
    out.push({ record, outcome: 'replayed', eventId });
  }
  return out;
}

const OUTCOMES: readonly ReplayOutcome[] = [
  'replayed',
  'would-replay',
  'already-replayed',
  'still-invalid',
  'not-an-event',
  'left-out-by-script',
  'send-failed',
];

function countOutcomes(records: readonly ReplayedRecord[]): Record<ReplayOutcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<ReplayOutcome, number>;
  for (const record of records) counts[record.outcome] += 1;
  return counts;
}

/** The report for a person: one line per record not simply replayed, then the counts. */
export function replayReportText(report: ReplayReport): string {
  const lines = report.records
    .filter((record) => record.outcome !== 'replayed')
    .map((record) => {
      const problems = record.problems?.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
      return `${record.record}: ${record.outcome}${problems ? ` (${problems})` : ''}`;
    });
  const counts = OUTCOMES.filter((outcome) => report.counts[outcome] > 0)
    .map((outcome) => `${report.counts[outcome]} ${outcome}`)
    .join(', ');
  const hint =
    report.counts['already-replayed'] > 0
      ? '; records already replayed are sent again only with --again'
      : '';
  return [...lines, `${counts || 'no records matched'}${hint}`].join('\n');
}
