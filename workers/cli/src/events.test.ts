import { describe, expect, it } from 'vitest';
import { STACK_EVENTS } from './events.js';

describe('stack event names', () => {
  // Operators grep and alert on these names, and every other suite matches them through the
  // constants: the one place that spells them out, so that renaming one is a conscious change.
  it('are the names operators know', () => {
    expect(STACK_EVENTS).toEqual({
      lakeSwept: 'stack.lake.swept',
      workerDied: 'stack.worker.died',
      demoStarted: 'stack.demo.started',
      stopping: 'stack.stopping',
      demoStopped: 'stack.demo.stopped',
      queueDiscarded: 'stack.queue.discarded',
      queueKept: 'stack.queue.kept',
      stopped: 'stack.stopped',
    });
  });
});
