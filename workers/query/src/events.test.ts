import { workerProcessEvents } from '@rireki/adapters';
import { describe, expect, it } from 'vitest';
import { QUERY_EVENTS } from './events.js';

describe('query event names', () => {
  // Operators grep and alert on these names, and every other suite matches them through the
  // constants: the one place that spells them out, so that renaming one is a conscious change.
  it('are the names operators know', () => {
    expect(QUERY_EVENTS).toEqual({
      started: 'query.started',
      openAccess: 'query.access.open',
      anyReplyQueue: 'query.reply_queues.any',
      answered: 'query.search.answered',
      refused: 'query.search.refused',
      busy: 'query.search.busy',
      failed: 'query.search.failed',
      dropped: 'query.request.dropped',
      pointer: 'query.reply.pointer',
      replyFailed: 'query.reply.failed',
      receiveFailed: 'query.receive.failed',
      stopped: 'query.stopped',
    });
    expect(workerProcessEvents('query')).toEqual({
      signal: 'query.signal',
      startFailed: 'query.start.failed',
      stopFailed: 'query.stop.failed',
    });
  });
});
