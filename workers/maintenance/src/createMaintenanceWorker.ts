import type { PassDeps, PassReport } from './runPass.js';
import { runPass } from './runPass.js';

export interface MaintenanceWorker {
  /** Runs passes, one every `intervalMs` from the start of the last, until stop(). */
  start(): void;
  /** Finishes the partition in hand, then resolves; no new pass starts. */
  stop(): Promise<void>;
  /** Runs one pass now (the CLI's one-shot commands and the suites). */
  runOnce(): Promise<PassReport>;
}

/** The maintenance loop: one pass at a time, never two at once, a pause between them. */
export function createMaintenanceWorker(
  deps: Omit<PassDeps, 'stopping'>,
  intervalMs: number,
): MaintenanceWorker {
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const pass = () => runPass({ ...deps, stopping: () => stopping });
  const loop = () => {
    if (stopping) return;
    const startedAt = Date.now();
    current = pass()
      .catch(() => undefined)
      .finally(() => {
        if (!stopping) timer = setTimeout(loop, Math.max(0, intervalMs - (Date.now() - startedAt)));
      });
  };
  return {
    start: loop,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await current;
    },
    runOnce: () => {
      const run = current.then(pass);
      current = run.catch(() => undefined);
      return run;
    },
  };
}
