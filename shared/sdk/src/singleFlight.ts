/**
 * Wraps `task` so that only one run is in flight. Calls made during a run share one follow-up
 * run, which starts when the current one ends: a caller's promise settles only after a run that
 * began after its call, and a stalled queue cannot pile up concurrent flushes.
 */
export function singleFlight(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const start = (): Promise<void> => {
    const run = task().finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    return run;
  };

  return () => {
    if (queued !== undefined) return queued;
    if (running === undefined) return start();
    queued = running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}
