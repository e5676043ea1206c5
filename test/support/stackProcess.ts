import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { MAINTENANCE_EVENTS } from '@rireki/maintenance';
import { QUERY_EVENTS } from '@rireki/query';
import { NO_METRICS_ENDPOINTS } from './metricsPorts.js';

const CLI_MAIN = fileURLToPath(new URL('../../workers/cli/dist/main.js', import.meta.url));
const BANNER = 'rireki local stack is up';
/** pino's numeric level of `error`; `fatal` is 60. */
const ERROR_LEVEL = 50;
/** Lines kept verbatim per kind: enough to name a problem, bounded however noisy the stack gets. */
const KEPT_LINES = 20;

/** Which worker a log line's `name` belongs to. */
const WORKER_NAMES = {
  'rireki-ingest': 'ingest',
  'rireki-query': 'query',
  'rireki-maintenance': 'maintenance',
} as const;
export type WorkerName = (typeof WORKER_NAMES)[keyof typeof WORKER_NAMES];
/** The line each worker writes once it has started. */
const STARTED: Record<WorkerName, string> = {
  ingest: INGEST_EVENTS.started,
  query: QUERY_EVENTS.started,
  maintenance: MAINTENANCE_EVENTS.started,
};
const WORKERS = Object.keys(STARTED) as WorkerName[];

/** What the stack and its workers wrote, folded as it arrives. */
export interface StackLog {
  /** Log lines at pino level error or fatal, verbatim (the first few) and counted. */
  readonly errorLines: string[];
  errorCount: number;
  /** Lines on stderr that are not JSON log lines (warnings of Node itself, stack traces). */
  readonly foreignStderr: string[];
  foreignStderrCount: number;
  /** Log lines per `event` name, every level. */
  readonly events: Map<string, number>;
  /** Process id of each start of each worker, in order: more than one means a restart. */
  readonly starts: Record<WorkerName, number[]>;
  bannerSeen: boolean;
}

export interface StackProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly log: StackLog;
  /** The worker a process id belongs to, from its own start line; undefined for an unknown pid. */
  workerOf(pid: number): WorkerName | undefined;
  /** Waits for the banner and both workers' start lines. */
  ready(timeoutMs: number): Promise<void>;
  /** Ctrl-C, as a user stops `rireki up`; resolves with its exit code, or null if it had to be killed. */
  interrupt(timeoutMs: number): Promise<number | null>;
  /** SIGKILL, for a run that is itself interrupted or failed; no-op once exited. */
  kill(): void;
  /**
   * SIGKILL to the stack's whole process group (the stack and both workers at once, as a machine
   * that loses power or an OOM killer would), then waits until every process of the group is gone.
   * Needs `detached`.
   */
  killGroup(timeoutMs: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

export interface StackProcessOptions {
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** More arguments of `rireki up`, e.g. --ephemeral. */
  readonly args?: readonly string[];
  /** More environment; the stack's port, data directory and log level are set already. */
  readonly env?: Readonly<Record<string, string>>;
  /** The `rireki` entry point to run, e.g. one installed from the packed tarballs. @defaultValue this checkout's dist */
  readonly cliMain?: string;
  /** Starts the stack as the leader of its own process group, for killGroup. @defaultValue false */
  readonly detached?: boolean;
}

/** `rireki up` as a child process, its stdout and stderr written to `logFile` and folded into a StackLog. */
export function startStackProcess(options: StackProcessOptions): StackProcess {
  const cliMain = options.cliMain ?? CLI_MAIN;
  const child = spawn(process.execPath, [cliMain, 'up', ...(options.args ?? [])], {
    env: {
      ...process.env,
      [ENV_KEYS.port]: String(options.port),
      [ENV_KEYS.dataDir]: options.dataDir,
      [ENV_KEYS.logLevel]: process.env[ENV_KEYS.logLevel] ?? 'info',
      ...NO_METRICS_ENDPOINTS,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  if (child.pid === undefined) throw new Error(`could not start ${cliMain}`);
  const file = createWriteStream(options.logFile);
  const log: StackLog = {
    errorLines: [],
    errorCount: 0,
    foreignStderr: [],
    foreignStderrCount: 0,
    events: new Map(),
    starts: { ingest: [], query: [], maintenance: [] },
    bannerSeen: false,
  };
  let text = '';
  const onLine = (stream: 'stdout' | 'stderr') => (line: string) => {
    text += `${line}\n`;
    fold(log, line, stream);
  };
  follow(child.stdout, file, onLine('stdout'));
  follow(child.stderr, file, onLine('stderr'));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      file.end();
      resolve(code);
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;

  return {
    child,
    pid: child.pid,
    log,
    workerOf(pid) {
      return WORKERS.find((worker) => log.starts[worker].includes(pid));
    },
    async ready(timeoutMs) {
      await waitFor(
        'the banner and every worker started',
        () => {
          if (!running()) throw new Error(`rireki up exited early with ${String(child.exitCode)}`);
          return log.bannerSeen && WORKERS.every((worker) => log.starts[worker].length > 0);
        },
        { timeoutMs, intervalMs: 200 },
      );
    },
    async interrupt(timeoutMs) {
      if (running()) child.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      const outcome = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (outcome !== 'late') return outcome;
      child.kill('SIGKILL');
      await exited;
      return null;
    },
    kill() {
      if (running()) child.kill('SIGKILL');
    },
    async killGroup(timeoutMs) {
      const pids = [child.pid as number, ...WORKERS.flatMap((worker) => log.starts[worker])];
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
      await exited;
      await waitFor('every process of the stack gone', () => pids.every((pid) => !alive(pid)), {
        timeoutMs,
        intervalMs: 50,
      });
    },
    exited,
    output: () => text,
  };
}

/** Whether a process exists and is not a zombie waiting for its parent. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function follow(stream: NodeJS.ReadableStream | null, file: WriteStream, onLine: (line: string) => void) {
  let pending = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    file.write(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream?.on('end', () => {
    if (pending) onLine(pending);
  });
}

function fold(log: StackLog, line: string, stream: 'stdout' | 'stderr'): void {
  if (line.includes(BANNER)) log.bannerSeen = true;
  let entry: { level?: unknown; event?: unknown; name?: unknown; pid?: unknown } | undefined;
  if (line.startsWith('{')) {
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      entry = undefined;
    }
  }
  if (entry === undefined) {
    // The banner and its blank lines are plain text on stdout by design; stderr should hold none.
    if (stream === 'stderr' && line.trim() !== '') {
      log.foreignStderrCount += 1;
      if (log.foreignStderr.length < KEPT_LINES) log.foreignStderr.push(line);
    }
    return;
  }
  if (typeof entry.event === 'string') log.events.set(entry.event, (log.events.get(entry.event) ?? 0) + 1);
  if (typeof entry.level === 'number' && entry.level >= ERROR_LEVEL) {
    log.errorCount += 1;
    if (log.errorLines.length < KEPT_LINES) log.errorLines.push(line);
  }
  const worker =
    typeof entry.name === 'string' ? WORKER_NAMES[entry.name as keyof typeof WORKER_NAMES] : undefined;
  if (worker !== undefined && entry.event === STARTED[worker] && typeof entry.pid === 'number')
    log.starts[worker].push(entry.pid);
}
