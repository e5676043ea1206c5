import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient } from '@rireki/adapters';
import { LOCAL_STACK, QUEUE_NAMES } from '@rireki/contracts';
import { createSearchClient, type SearchClient } from '@rireki/sdk';
import { Command, InvalidArgumentError } from 'commander';
import { startProgress } from '../bench/progress.js';
import { machineInfo } from '../bench/report.js';
import { freePort } from '../support/freePort.js';
import { childPids, rssMiB } from '../support/processRss.js';
import { type StackProcess, startStackProcess } from '../support/stackProcess.js';
import { type RssLimits, type RssPoint, summarizeRss } from './rssTrend.js';
import { MAX_LIVE_FILES, startLakeSampler } from './soakLake.js';
import { soakMarkdown, writeSoakReport } from './soakReport.js';
import { type SoakResult, soakVerdict } from './soakResult.js';
import { countFound, type SearchSample, startSearches } from './soakSearches.js';
import { startTraffic } from './soakTraffic.js';

// `npm run test:soak [-- --minutes 10 --rate 500]`: the local stack (`rireki up`) under steady load
// for minutes, its memory read from /proc, then a verdict. A progress bar goes to stderr; the
// report to stdout and soak-results/.

const RESULTS_DIR = fileURLToPath(new URL('../../soak-results/', import.meta.url));
/** The first fifth of the run is warm-up: the JIT, DuckDB's caches and the first partitions settle. */
const WARMUP_SHARE = 0.2;
/**
 * 2 MiB/min is about 70 bytes kept per event at 500 events/s, or 70 KiB per search at one every
 * 2 s: far below what a leak of a buffer, a message or a reply per request would keep, and above
 * the wobble of a garbage-collected heap measured over minutes.
 */
const LIMITS_BASE = { minJudgedMs: 180_000, maxSlopeMiBPerMin: 2, maxEndRatio: 1.25 } as const;
/**
 * The maintenance worker's ceiling: DuckDB's RIREKI_REWRITE_MEMORY_LIMIT (512 MB by default), what
 * Node and DuckDB allocate outside it, and a margin. A 31-minute soak at 500 events/s peaked at 739
 * MiB, in a sawtooth between 139 and 739 with no trend.
 */
const MAINTENANCE_MAX_MIB = 1024;
/** Everything accepted must be searchable within this after sending stops (local flushes take ~2 s). */
const SEARCHABLE_WITHIN_MS = 120_000;
/** `rireki up` drains its workers on Ctrl-C; their own drain deadline is 30 s. */
const STOP_WITHIN_MS = 90_000;

function positive(name: string, integer: boolean) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
      throw new InvalidArgumentError(`${name} must be a positive ${integer ? 'integer' : 'number'}`);
    return value;
  };
}

const options = new Command()
  .name('soak')
  .description(
    'steady load on the local stack with its memory sampled; fails on errors, lost events or growth',
  )
  .option('--minutes <n>', 'duration of the load, fractions allowed', positive('--minutes', false), 10)
  .option('--seconds <n>', 'duration in seconds, instead of --minutes', positive('--seconds', false))
  .option('--rate <events/s>', 'events per second, from three apps', positive('--rate', true), 500)
  .option('--search-every <ms>', 'time between two searches', positive('--search-every', true), 2000)
  .option('--sample-every <ms>', 'time between two RSS readings', positive('--sample-every', true), 5000)
  .option('--port <port>', 'SQS endpoint port of the stack (default: a free port)', positive('--port', true))
  .option('--out <dir>', 'where the JSON and markdown results go', RESULTS_DIR)
  .parse()
  .opts<{
    minutes: number;
    seconds?: number;
    rate: number;
    searchEvery: number;
    sampleEvery: number;
    port?: number;
    out: string;
  }>();

/** RSS of the stack process and of each child it runs, named by the worker's own start line. */
function startRssSampler(stack: StackProcess, soakStartMs: number) {
  const series = new Map<string, { pids: Set<number>; points: RssPoint[] }>();
  const record = (name: string, pid: number, mib: number | undefined) => {
    if (mib === undefined) return;
    const entry = series.get(name) ?? { pids: new Set<number>(), points: [] };
    entry.pids.add(pid);
    entry.points.push({ atMs: Date.now() - soakStartMs, mib });
    series.set(name, entry);
  };
  const sample = async () => {
    record('stack', stack.pid, await rssMiB(stack.pid));
    for (const pid of await childPids(stack.pid))
      record(stack.workerOf(pid) ?? `child ${pid}`, pid, await rssMiB(pid));
  };
  const latest = (name: string) => series.get(name)?.points.at(-1)?.mib;
  return { series, sample, latest };
}

async function queueUrl(sqs: SQSClient, name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (QueueUrl === undefined) throw new Error(`no URL for queue ${name}`);
  return QueueUrl;
}

/** Polls a count per app until each equals what its logger had accepted, or the deadline passes. */
async function waitUntilSearchable(
  client: SearchClient,
  accepted: ReadonlyMap<string, number>,
  soakStartMs: number,
  failures: string[],
): Promise<{ found: Map<string, number>; afterMs: number | null }> {
  const started = Date.now();
  const found = new Map<string, number>();
  for (let round = 0; Date.now() - started < SEARCHABLE_WITHIN_MS && round < 1000; round++) {
    for (const [app, want] of accepted) {
      if (found.get(app) === want) continue;
      try {
        found.set(app, await countFound(client, app, soakStartMs));
      } catch (error) {
        failures.push(`${app}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const all = [...accepted].every(([app, want]) => found.get(app) === want);
    // More found than accepted can only grow worse: a duplicate or a stray event; stop and say so.
    const over = [...accepted].some(([app, want]) => (found.get(app) ?? 0) > want);
    if (all) return { found, afterMs: Date.now() - started };
    if (over) break;
    await new Promise((done) => setTimeout(done, 1000));
  }
  return { found, afterMs: null };
}

async function soak(): Promise<number> {
  const seconds = options.seconds ?? options.minutes * 60;
  const durationMs = seconds * 1000;
  const outDir = resolve(options.out);
  await mkdir(outDir, { recursive: true });
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replaceAll(':', '-');
  const logFile = join(outDir, `soak-${stamp}.log`);
  const dataDir = await mkdtemp(join(tmpdir(), 'rireki-soak-'));
  const port = options.port ?? (await freePort());
  const stack = startStackProcess({ port, dataDir, logFile });
  const interrupted = () => {
    stack.kill();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  const sqs = createSqsClient({
    endpoint: `http://${LOCAL_STACK.host}:${port}`,
    region: LOCAL_STACK.region,
    credentials: { accessKeyId: LOCAL_STACK.accessKeyId, secretAccessKey: LOCAL_STACK.secretAccessKey },
  });
  let client: SearchClient | undefined;
  try {
    await stack.ready(60_000);
    const ingestUrl = await queueUrl(sqs, QUEUE_NAMES.ingest);
    client = await createSearchClient({ sqs, searchQueueUrl: await queueUrl(sqs, QUEUE_NAMES.search) });

    const soakStartMs = Date.now();
    const rss = startRssSampler(stack, soakStartMs);
    const lake = startLakeSampler(dataDir, soakStartMs);
    await rss.sample();
    const traffic = startTraffic(sqs, ingestUrl, options.rate);
    const searches = startSearches(client, soakStartMs, options.searchEvery);
    const progress = startProgress(Math.ceil(seconds), 'soak');
    let ticked = 0;
    let nextSample = soakStartMs + options.sampleEvery;
    for (let guard = 0; Date.now() - soakStartMs < durationMs && guard < 10 * seconds + 100; guard++) {
      await new Promise((done) => setTimeout(done, Math.min(1000, Math.max(0, nextSample - Date.now()))));
      if (Date.now() >= nextSample) {
        await rss.sample();
        await lake.sample();
        nextSample += options.sampleEvery;
      }
      const failed = searches.samples.filter((s) => !s.ok).length;
      const memory = ['stack', 'ingest', 'query']
        .map((name) => rss.latest(name)?.toFixed(0) ?? '?')
        .join('/');
      const files = lake.points.at(-1)?.maxLiveFiles ?? '?';
      const status = `${traffic.produced().toLocaleString('en')} events | ${searches.samples.length} searches, ${failed} failed | RSS stack/ingest/query ${memory} MiB | ≤ ${files} files/partition`;
      const due = Math.min(Math.ceil(seconds), Math.floor((Date.now() - soakStartMs) / 1000));
      for (; ticked < due; ticked++) progress.tick(status);
    }
    await rss.sample();
    progress.stop();

    const [apps] = await Promise.all([traffic.stop(), searches.stop()]);
    const accepted = new Map(apps.map((a) => [a.app as string, a.accepted]));
    const drainSearchFailures: string[] = [];
    const searchable = await waitUntilSearchable(client, accepted, soakStartMs, drainSearchFailures);
    await client.close();
    client = undefined;
    const exitCode = await stack.interrupt(STOP_WITHIN_MS);

    const limits: RssLimits = { ...LIMITS_BASE, warmupMs: durationMs * WARMUP_SHARE };
    const result: SoakResult = {
      startedAt: startedAt.toISOString(),
      machine: machineInfo(),
      settings: {
        seconds,
        rate: options.rate,
        searchEveryMs: options.searchEvery,
        sampleEveryMs: options.sampleEvery,
        port,
      },
      wallSeconds: (Date.now() - startedAt.getTime()) / 1000,
      traffic: {
        apps: apps.map((a) => ({ ...a, found: searchable.found.get(a.app) ?? null })),
        problems: traffic.problems,
        searchableAfterMs: searchable.afterMs,
      },
      searches: searches.samples as SearchSample[],
      lake: { maxLiveFiles: MAX_LIVE_FILES, points: lake.points },
      drainSearchFailures,
      rss: {
        limits,
        processes: [...rss.series].map(([name, { pids, points }]) => ({
          ...summarizeRss(
            name,
            points,
            name === 'maintenance' ? { ...limits, maxMiB: MAINTENANCE_MAX_MIB } : limits,
          ),
          pids: [...pids],
          points,
        })),
      },
      stack: {
        exitCode,
        errorCount: stack.log.errorCount,
        errorLines: stack.log.errorLines,
        foreignStderrCount: stack.log.foreignStderrCount,
        foreignStderr: stack.log.foreignStderr,
        restarts: {
          ingest: Math.max(0, stack.log.starts.ingest.length - 1),
          query: Math.max(0, stack.log.starts.query.length - 1),
          maintenance: Math.max(0, stack.log.starts.maintenance.length - 1),
        },
        events: Object.fromEntries(stack.log.events),
        logFile,
      },
    };
    const reasons = soakVerdict(result);
    const paths = await writeSoakReport(result, reasons, outDir);
    process.stdout.write(soakMarkdown(result, reasons));
    process.stdout.write(`\nwritten ${paths.md}, ${paths.json} and ${logFile}\n`);
    if (reasons.length > 0) process.stderr.write(`soak failed: ${reasons.join('; ')}\n`);
    return reasons.length === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupted);
    await client?.close().catch(() => undefined);
    stack.kill();
    sqs.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await soak().catch((error: unknown) => {
  process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
});
