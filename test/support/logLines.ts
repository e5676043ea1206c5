import type { WorkerProcess } from './workerProcess.js';

/**
 * Resolves true as soon as `worker` logs a line with `event` after this call, false when
 * `timeoutMs` passes first. It reacts to the very chunk that carries the line, with no polling
 * delay, for tests that signal the worker at a chosen step.
 */
export function nextLogLine(worker: WorkerProcess, event: string, timeoutMs: number): Promise<boolean> {
  const from = worker.logs.length;
  const stdout = worker.child.stdout;
  return new Promise((resolve) => {
    const finish = (seen: boolean) => {
      clearTimeout(timer);
      stdout?.off('data', check);
      resolve(seen);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    // Added after the parser in workerProcess.ts, so the chunk's lines are already in worker.logs.
    const check = () => {
      if (worker.logs.slice(from).some((line) => line.event === event)) finish(true);
    };
    stdout?.on('data', check);
  });
}
