import type { EventLoggers, Logger } from '@rireki/adapters';
import type { WorkerExitCodes } from './commands/up.js';

/** Every log line `rireki up` writes itself (its workers write their own), each with a stable `event` name. */
export const STACK_EVENTS = {
  lakeSwept: 'stack.lake.swept',
  workerDied: 'stack.worker.died',
  demoStarted: 'stack.demo.started',
  stopping: 'stack.stopping',
  demoStopped: 'stack.demo.stopped',
  queueDiscarded: 'stack.queue.discarded',
  queueKept: 'stack.queue.kept',
  stopped: 'stack.stopped',
} as const satisfies Record<keyof StackEventFields, string>;

/** The fields each event carries beside its name, by the event's key in STACK_EVENTS. */
export interface StackEventFields {
  /** Temporary files of writes that a stop interrupted, removed before the workers start. */
  readonly lakeSwept: { readonly files: number };
  readonly workerDied: {
    readonly worker: string;
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly restartInMs: number;
  };
  readonly demoStarted: { readonly perSecond: number };
  readonly stopping: undefined;
  readonly demoStopped: { readonly sent: number };
  /** Messages left on the queue at the stop: ready, in flight and delayed. */
  readonly queueDiscarded: { readonly messages: number };
  readonly queueKept: { readonly messages: number; readonly dir: string };
  readonly stopped: WorkerExitCodes;
}

export type StackEvents = EventLoggers<StackEventFields>;

export function stackEvents(logger: Logger): StackEvents {
  return {
    lakeSwept: (f) =>
      logger.info(
        { event: STACK_EVENTS.lakeSwept, ...f },
        'removed temporary files of writes that a stop interrupted',
      ),
    workerDied: (f) =>
      logger.error({ event: STACK_EVENTS.workerDied, ...f }, `${f.worker} worker exited; restarting`),
    demoStarted: (f) =>
      logger.info({ event: STACK_EVENTS.demoStarted, ...f }, 'demo traffic from shop, blog, admin'),
    stopping: () => logger.info({ event: STACK_EVENTS.stopping }, 'stopping: draining the workers'),
    demoStopped: (f) => logger.info({ event: STACK_EVENTS.demoStopped, ...f }, 'demo traffic stopped'),
    queueDiscarded: (f) =>
      logger.warn(
        { event: STACK_EVENTS.queueDiscarded, ...f },
        'the queue is in memory only (--ephemeral): messages not yet ingested, delayed ones included, are discarded now',
      ),
    queueKept: (f) =>
      logger.info(
        { event: STACK_EVENTS.queueKept, ...f },
        'messages not yet ingested are kept on disk and delivered when the stack starts again',
      ),
    stopped: (f) => logger.info({ event: STACK_EVENTS.stopped, ...f }, 'local stack stopped'),
  };
}
