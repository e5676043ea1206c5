import type { Clock } from './clock.js';
import type { IngestEvents } from './events.js';
import type { MessageAcknowledger } from './MessageAcknowledger.js';
import type { MessageLedger, TrackedMessage } from './MessageLedger.js';

export interface VisibilityKeeperOptions {
  readonly ledger: MessageLedger;
  readonly acknowledger: MessageAcknowledger;
  readonly events: IngestEvents;
  readonly clock: Clock;
  readonly visibilityTimeoutS: number;
}

/**
 * Keeps the messages the worker holds invisible to other workers while their events wait in
 * buffers, and notices when the worker stalled past a message's deadline (the queue may then have
 * handed it to another worker, which can only duplicate it, never lose it).
 */
export class VisibilityKeeper {
  readonly #o: VisibilityKeeperOptions;

  constructor(options: VisibilityKeeperOptions) {
    this.#o = options;
  }

  /** Extends the messages that reach half their visibility timeout; one missed tick still leaves time. */
  async extend(nowMs: number): Promise<void> {
    this.reportLapsed(this.#o.ledger.takeLapsed(nowMs));
    const timeoutMs = this.#o.visibilityTimeoutS * 1000;
    const expiring = this.#o.ledger.expiringWithin(nowMs, timeoutMs / 2);
    if (expiring.length === 0) return;
    for (const message of expiring) message.visibleUntilMs = nowMs + timeoutMs;
    const outcome = await this.#o.acknowledger.setVisibility(expiring, this.#o.visibilityTimeoutS);
    this.#o.events.visibilityExtended({ messages: outcome.succeeded });
    if (outcome.failed.length > 0) this.#o.events.visibilityFailed({ failed: outcome.failed });
  }

  /** Logs, once, the messages whose deadline passed while the worker held them. */
  reportLapsed(lapsed: readonly TrackedMessage[]): void {
    if (lapsed.length === 0) return;
    const now = this.#o.clock.now();
    const overdueMs = Math.max(...lapsed.map((message) => now - message.visibleUntilMs));
    this.#o.events.visibilityLapsed({ messages: lapsed.length, overdueMs });
  }
}
