import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { ingestNodeArgs, loadIngestConfig } from '@rireki/ingest';
import { TEST_CREDENTIALS, TEST_REGION } from './localQueues.js';
import { NO_METRICS_ENDPOINTS } from './metricsPorts.js';

const MAINS = {
  ingest: fileURLToPath(new URL('../../workers/ingest/dist/main.js', import.meta.url)),
  query: fileURLToPath(new URL('../../workers/query/dist/main.js', import.meta.url)),
  maintenance: fileURLToPath(new URL('../../workers/maintenance/dist/main.js', import.meta.url)),
} as const;

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Every JSON log line the worker wrote so far. */
  readonly logs: Array<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export type IngestProcess = WorkerProcess;

export interface WorkerProcessOptions {
  endpoint: string;
  queueUrl: string;
  dataDir: string;
  env?: Record<string, string>;
}

/** Runs the built ingest worker as a child process, the way the local stack and a container do. */
export function startIngestProcess(options: WorkerProcessOptions): WorkerProcess {
  return startWorkerProcess('ingest', options);
}

/** Runs the built maintenance worker as a child process (it needs no queue; `queueUrl` is ignored). */
export function startMaintenanceProcess(options: Omit<WorkerProcessOptions, 'queueUrl'>): WorkerProcess {
  return startWorkerProcess('maintenance', { ...options, queueUrl: '' });
}

/** Runs the built query worker as a child process. */
export function startQueryProcess(options: WorkerProcessOptions): WorkerProcess {
  return startWorkerProcess('query', options);
}

/**
 * The Node options `rireki up` starts the ingest worker with (its heap size); none for settings the
 * worker will refuse, so that it still starts and says why.
 */
function ingestNodeArgsOf(env: Record<string, string | undefined>): string[] {
  try {
    return ingestNodeArgs(loadIngestConfig(env));
  } catch {
    return [];
  }
}

function startWorkerProcess(worker: keyof typeof MAINS, options: WorkerProcessOptions): WorkerProcess {
  const env = {
    PATH: process.env.PATH,
    [ENV_KEYS.mode]: 'local',
    [ENV_KEYS.dataDir]: options.dataDir,
    [worker === 'ingest' ? ENV_KEYS.ingestQueue : ENV_KEYS.searchQueue]: options.queueUrl,
    [ENV_KEYS.receiveWaitS]: '1',
    [ENV_KEYS.logLevel]: 'debug',
    ...NO_METRICS_ENDPOINTS,
    AWS_REGION: TEST_REGION,
    AWS_ENDPOINT_URL_SQS: options.endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    ...options.env,
  };
  const nodeArgs = worker === 'ingest' ? ingestNodeArgsOf(env) : [];
  const child = spawn(process.execPath, [...nodeArgs, MAINS[worker]], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ raw: line });
      }
    }
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      if (code !== 0 && stderr) process.stderr.write(`${worker} worker stderr:\n${stderr}\n`);
      resolve({ code, signal });
    });
  });
  return { child, logs, exited };
}

/**
 * Waits until the worker has logged `event` at least `count` times (where `where` holds), and
 * returns those lines. A worker answers before it logs the answer, and its stdout is read
 * asynchronously, so a reply can arrive before the line that tells of it.
 */
export async function loggedAtLeast(
  worker: WorkerProcess,
  event: string,
  count: number,
  where: (line: Record<string, unknown>) => boolean = () => true,
): Promise<Array<Record<string, unknown>>> {
  const matching = () => worker.logs.filter((line) => line.event === event && where(line));
  await waitFor(`${count} "${event}" log lines`, () => matching().length >= count);
  return matching();
}
