import { type ChildProcess, spawn } from 'node:child_process';
import type { Logger } from '@rireki/adapters';
import { backoffDelay } from '@rireki/contracts';
import { stackEvents } from '../events.js';

export interface SupervisedWorker {
  /** Sends SIGTERM and resolves with the exit code once the worker has drained and exited. */
  stop(): Promise<number | null>;
  readonly pid: () => number | undefined;
}

export interface SuperviseOptions {
  readonly name: string;
  readonly script: string;
  /** Options for the worker's Node, before the script (a heap size). @defaultValue none */
  readonly nodeArgs?: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** Typical first restart delay; the ceiling doubles per crash up to maxBackoffMs (full jitter). @defaultValue 500 */
  readonly initialBackoffMs?: number;
  /** @defaultValue 30000 */
  readonly maxBackoffMs?: number;
  /** A run this long counts as healthy and resets the backoff. @defaultValue 60000 */
  readonly healthyAfterMs?: number;
}

/**
 * Runs a worker as its own process and restarts it with backoff when it dies. The queue lives in
 * this (parent) process, so a crashing worker never takes the queue's messages with it: whatever
 * it had received becomes visible again and the next incarnation picks it up.
 */
export function superviseWorker(options: SuperviseOptions): SupervisedWorker {
  const initial = options.initialBackoffMs ?? 500;
  const max = options.maxBackoffMs ?? 30_000;
  const healthyAfter = options.healthyAfterMs ?? 60_000;
  const events = stackEvents(options.logger);
  // Crashes in a row since the last healthy run: the backoff's retry number.
  let crashes = 0;
  let child: ChildProcess | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);

  const launch = () => {
    const startedAt = Date.now();
    const current = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
      env: options.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child = current;
    exited = new Promise((resolve) => {
      current.on('exit', (code, signal) => {
        if (stopping) return resolve(code);
        if (Date.now() - startedAt >= healthyAfter) crashes = 0;
        crashes += 1;
        const restartInMs = backoffDelay({ baseDelayMs: initial, maxDelayMs: max }, crashes);
        events.workerDied({ worker: options.name, code, signal, restartInMs });
        restartTimer = setTimeout(launch, restartInMs);
        resolve(code);
      });
    });
  };
  launch();

  return {
    pid: () => child?.pid,
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
