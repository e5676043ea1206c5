import type { MachineInfo } from '../bench/report.js';
import type { RssLimits, RssPoint, RssSummary } from './rssTrend.js';
import type { LakePoint } from './soakLake.js';
import type { SearchSample } from './soakSearches.js';
import type { AppTraffic } from './soakTraffic.js';

/** Everything one soak measured; written as JSON, rendered as markdown, judged by `soakVerdict`. */
export interface SoakResult {
  readonly startedAt: string;
  readonly machine: MachineInfo;
  readonly settings: {
    readonly seconds: number;
    readonly rate: number;
    readonly searchEveryMs: number;
    readonly sampleEveryMs: number;
    readonly port: number;
  };
  readonly wallSeconds: number;
  readonly traffic: {
    readonly apps: ReadonlyArray<AppTraffic & { readonly found: number | null }>;
    /** What the loggers reported: dropped or lost events. */
    readonly problems: readonly string[];
    /** From the end of sending to every accepted event counted by search; null if that never came. */
    readonly searchableAfterMs: number | null;
  };
  readonly searches: readonly SearchSample[];
  /** Live files per partition over the run, and the most a partition may hold. */
  readonly lake: { readonly maxLiveFiles: number; readonly points: readonly LakePoint[] };
  /** Failed searches while waiting for the last events to become searchable. */
  readonly drainSearchFailures: readonly string[];
  readonly rss: {
    readonly limits: RssLimits;
    readonly processes: ReadonlyArray<
      RssSummary & { readonly pids: readonly number[]; readonly points: readonly RssPoint[] }
    >;
  };
  readonly stack: {
    /** Exit code after Ctrl-C; null when it had to be killed. */
    readonly exitCode: number | null;
    readonly errorCount: number;
    readonly errorLines: readonly string[];
    readonly foreignStderrCount: number;
    readonly foreignStderr: readonly string[];
    /** Starts of each worker beyond the first. */
    readonly restarts: { readonly ingest: number; readonly query: number; readonly maintenance: number };
    readonly events: Readonly<Record<string, number>>;
    readonly logFile: string;
  };
}

/** The processes whose memory the soak must have read. */
export const SAMPLED = ['stack', 'ingest', 'query'] as const;

/** Why the soak fails, each reason a sentence; empty when it passes. */
export function soakVerdict(result: SoakResult): string[] {
  const reasons: string[] = [];
  const { stack, traffic } = result;
  if (stack.errorCount > 0)
    reasons.push(`${stack.errorCount} error-level log lines from the stack or its workers`);
  if (stack.foreignStderrCount > 0)
    reasons.push(`${stack.foreignStderrCount} lines on the stack's stderr that are not log lines`);
  if (stack.restarts.ingest + stack.restarts.query + stack.restarts.maintenance > 0)
    reasons.push(
      `workers restarted: ingest ${stack.restarts.ingest}, query ${stack.restarts.query}, ` +
        `maintenance ${stack.restarts.maintenance}`,
    );
  if (stack.exitCode !== 0)
    reasons.push(`rireki up exited with ${String(stack.exitCode)} after Ctrl-C, not 0`);
  const failed = result.searches.filter((s) => !s.ok);
  if (failed.length > 0) reasons.push(`${failed.length} of ${result.searches.length} searches failed`);
  if (result.drainSearchFailures.length > 0)
    reasons.push(`${result.drainSearchFailures.length} searches failed while counting the last events`);
  if (result.searches.length === 0) reasons.push('no search ran');
  const mostFiles = Math.max(0, ...result.lake.points.map((point) => point.maxLiveFiles));
  if (mostFiles > result.lake.maxLiveFiles)
    reasons.push(`a partition held ${mostFiles} live files, more than ${result.lake.maxLiveFiles}`);
  // A pass every 30 s compacts 10 quiet files: a run of 3 minutes or more always sees one.
  if (result.settings.seconds >= 180 && (stack.events['maintenance.partition.compacted'] ?? 0) === 0)
    reasons.push('no partition was compacted');
  for (const app of traffic.apps) {
    if (app.accepted === 0) reasons.push(`${app.app}: no event was accepted`);
    if (app.dropped + app.failed > 0)
      reasons.push(`${app.app}: the logger dropped ${app.dropped} and lost ${app.failed} events`);
    if (app.found !== app.accepted)
      reasons.push(
        `${app.app}: search counts ${String(app.found)} events, the logger had ${app.accepted} accepted`,
      );
  }
  for (const name of SAMPLED)
    if (!result.rss.processes.some((p) => p.process === name)) reasons.push(`no RSS reading of ${name}`);
  for (const process of result.rss.processes) reasons.push(...process.problems);
  return reasons;
}
