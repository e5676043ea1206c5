/** A received message that is not deleted yet, and what still has to happen before it may be. */
export interface TrackedMessage {
  readonly messageId: string;
  /** The newest receipt handle: after a redelivery only that one can delete the message. */
  receiptHandle: string;
  /** Rows of this message not yet in a durable file of a registered partition. */
  pendingRows: number;
  /** When the queue makes the message visible again unless we extend it. */
  visibleUntilMs: number;
}

/**
 * Keeps the invariant "a message is deleted only after every valid event in it is durable": each
 * message counts its rows still buffered, and is handed out for deletion when that count is zero.
 */
export class MessageLedger {
  readonly #messages = new Map<string, TrackedMessage>();

  get size(): number {
    return this.#messages.size;
  }

  /** Starts (or, on redelivery, renews) tracking a message whose `rows` valid rows were buffered. */
  track(messageId: string, receiptHandle: string, rows: number, visibleUntilMs: number): void {
    const known = this.#messages.get(messageId);
    if (known) {
      known.receiptHandle = receiptHandle;
      known.pendingRows += rows;
      known.visibleUntilMs = visibleUntilMs;
      return;
    }
    this.#messages.set(messageId, { messageId, receiptHandle, pendingRows: rows, visibleUntilMs });
  }

  /** Marks rows durable; returns (and forgets) the messages that have nothing left pending. */
  settle(rowsPerMessage: ReadonlyMap<string, number>): TrackedMessage[] {
    const done: TrackedMessage[] = [];
    for (const [messageId, rows] of rowsPerMessage) {
      const message = this.#messages.get(messageId);
      if (!message) continue; // given up earlier: it will be redelivered
      message.pendingRows -= rows;
      if (message.pendingRows <= 0) {
        this.#messages.delete(messageId);
        done.push(message);
      }
    }
    return done;
  }

  /** Returns (and forgets) messages with nothing pending at all, e.g. every event quarantined. */
  takeSettled(messageIds: Iterable<string>): TrackedMessage[] {
    const done: TrackedMessage[] = [];
    for (const messageId of messageIds) {
      const message = this.#messages.get(messageId);
      if (message && message.pendingRows <= 0) {
        this.#messages.delete(messageId);
        done.push(message);
      }
    }
    return done;
  }

  /** Stops tracking messages whose rows could not be stored: they will be redelivered. */
  abandon(messageIds: Iterable<string>): TrackedMessage[] {
    const dropped: TrackedMessage[] = [];
    for (const messageId of messageIds) {
      const message = this.#messages.get(messageId);
      if (message) {
        this.#messages.delete(messageId);
        dropped.push(message);
      }
    }
    return dropped;
  }

  /** Messages that become visible again within `windowMs`. */
  expiringWithin(nowMs: number, windowMs: number): TrackedMessage[] {
    return [...this.#messages.values()].filter((message) => message.visibleUntilMs - nowMs <= windowMs);
  }

  all(): TrackedMessage[] {
    return [...this.#messages.values()];
  }
}
