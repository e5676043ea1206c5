import { RirekiError, toRirekiError } from '@rireki/contracts';
import type { Logger } from 'pino';

export interface StartedWorker {
  /** Drains and releases everything; the process exits 0 once it resolves. */
  stop(): Promise<void>;
}

/** The events runWorkerProcess logs for the worker `name`, e.g. `ingest.start.failed`. */
export function workerProcessEvents<const Name extends string>(name: Name) {
  return {
    signal: `${name}.signal`,
    startFailed: `${name}.start.failed`,
    stopFailed: `${name}.stop.failed`,
  } as const;
}

/**
 * The life of a worker process: SIGTERM and SIGINT are handled from the first line (a signal
 * during start-up still ends in an orderly exit 0), a start-up failure is logged with its code and
 * exits 78 for bad configuration (EX_CONFIG) or 1, and a signal drains the worker, then exits 0.
 */
export function runWorkerProcess(name: string, logger: Logger, start: () => Promise<StartedWorker>): void {
  const events = workerProcessEvents(name);
  let stopRequested = false;
  let worker: StartedWorker | undefined;
  const stop = (current: StartedWorker) => {
    current
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ event: events.stopFailed, error: String(error) }, 'stop failed');
        process.exit(1);
      });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopRequested) return;
      stopRequested = true;
      logger.info({ event: events.signal, signal }, 'stopping');
      if (worker) stop(worker);
      else process.exit(0);
    });
  }
  start()
    .then((started) => {
      worker = started;
      if (stopRequested) stop(started);
    })
    .catch((thrown: unknown) => {
      const error = toRirekiError(thrown);
      logger.fatal({ event: events.startFailed, code: error.code, error: error.message }, 'cannot start');
      process.exitCode = error instanceof RirekiError && error.code === 'CONFIG_INVALID' ? 78 : 1;
    });
}
