/** A received message that is not deleted yet, and what still has to happen before it may be. */
export interface TrackedMessage {
  readonly messageId: string;
  /**
   * Names this delivery of the message: rows are buffered under it. A message given up and then
   * received again gets a new key, so rows left over from the abandoned delivery can never count
   * toward the new one.
   */
  readonly deliveryKey: string;
  /** The newest receipt handle: after a redelivery only that one can delete the message. */
  receiptHandle: string;
  /** Rows of this delivery not yet in a durable file of a registered partition. */
  pendingRows: number;
  /** When the queue makes the message visible again unless we extend it. */
  visibleUntilMs: number;
  /**
   * Its visibility ran out while we held it (the worker stalled): the receipt handle may be stale,
   * so extending it is pointless; its rows are still written and the message still deleted.
   */
  lapsed: boolean;
}

/**
 * Keeps the invariant "a message is deleted only after every valid event in it is durable": each
 * message counts its rows still buffered, and is handed out for deletion when that count is zero.
 */
export class MessageLedger {
  readonly #byMessage = new Map<string, TrackedMessage>();
  readonly #byKey = new Map<string, TrackedMessage>();
  #generation = 0;

  get size(): number {
    return this.#byMessage.size;
  }

  /**
   * Starts tracking a message whose `rows` valid rows are being buffered, and returns the delivery
   * key to buffer them under. A message still tracked (received again because its visibility
   * lapsed) keeps its key: the rows of both copies must be durable before it is deleted.
   */
  track(messageId: string, receiptHandle: string, rows: number, visibleUntilMs: number): string {
    const known = this.#byMessage.get(messageId);
    if (known) {
      known.receiptHandle = receiptHandle;
      known.pendingRows += rows;
      known.visibleUntilMs = visibleUntilMs;
      known.lapsed = false;
      return known.deliveryKey;
    }
    const deliveryKey = `${messageId}#${++this.#generation}`;
    const message: TrackedMessage = {
      messageId,
      deliveryKey,
      receiptHandle,
      pendingRows: rows,
      visibleUntilMs,
      lapsed: false,
    };
    this.#byMessage.set(messageId, message);
    this.#byKey.set(deliveryKey, message);
    return deliveryKey;
  }

  /** Marks rows durable; returns (and forgets) the messages that have nothing left pending. */
  settle(rowsPerDelivery: ReadonlyMap<string, number>): TrackedMessage[] {
    const done: TrackedMessage[] = [];
    for (const [deliveryKey, rows] of rowsPerDelivery) {
      const message = this.#byKey.get(deliveryKey);
      if (!message) continue; // an abandoned delivery: its message will be, or was, received again
      message.pendingRows -= rows;
      if (message.pendingRows <= 0) {
        this.#forget(message);
        done.push(message);
      }
    }
    return done;
  }

  /** Returns (and forgets) deliveries with nothing pending at all, e.g. every event quarantined. */
  takeSettled(deliveryKeys: Iterable<string>): TrackedMessage[] {
    const done: TrackedMessage[] = [];
    for (const deliveryKey of deliveryKeys) {
      const message = this.#byKey.get(deliveryKey);
      if (message && message.pendingRows <= 0) {
        this.#forget(message);
        done.push(message);
      }
    }
    return done;
  }

  /** Stops tracking deliveries whose rows could not be stored: their messages will be redelivered. */
  abandon(deliveryKeys: Iterable<string>): TrackedMessage[] {
    const dropped: TrackedMessage[] = [];
    for (const deliveryKey of deliveryKeys) {
      const message = this.#byKey.get(deliveryKey);
      if (message) {
        this.#forget(message);
        dropped.push(message);
      }
    }
    return dropped;
  }

  /** Messages that become visible again within `windowMs`, leaving out those already lapsed. */
  expiringWithin(nowMs: number, windowMs: number): TrackedMessage[] {
    return [...this.#byMessage.values()].filter(
      (message) => !message.lapsed && message.visibleUntilMs - nowMs <= windowMs,
    );
  }

  /**
   * Marks the messages whose visibility ended before `nowMs` as lapsed and returns them, each only
   * the first time. `among` defaults to every tracked message; settled ones can be passed too.
   */
  takeLapsed(nowMs: number, among: Iterable<TrackedMessage> = this.#byMessage.values()): TrackedMessage[] {
    const lapsed: TrackedMessage[] = [];
    for (const message of among) {
      if (message.lapsed || message.visibleUntilMs > nowMs) continue;
      message.lapsed = true;
      lapsed.push(message);
    }
    return lapsed;
  }

  all(): TrackedMessage[] {
    return [...this.#byMessage.values()];
  }

  #forget(message: TrackedMessage): void {
    this.#byMessage.delete(message.messageId);
    this.#byKey.delete(message.deliveryKey);
  }
}
