import { type PartitionRef, partitionKey } from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';

/**
 * Registers each partition with the underlying catalog once per process: later calls for a known
 * partition cost nothing, and concurrent calls for the same new one share a single request.
 * A failed registration is forgotten so the next call tries again.
 */
export class CachedPartitionCatalog implements PartitionCatalog {
  readonly #inner: PartitionCatalog;
  readonly #known = new Map<string, Promise<void>>();

  constructor(inner: PartitionCatalog) {
    this.#inner = inner;
  }

  register(partition: PartitionRef): Promise<void> {
    const key = partitionKey(partition);
    const known = this.#known.get(key);
    if (known) return known;
    const pending = this.#inner.register(partition).catch((error: unknown) => {
      this.#known.delete(key);
      throw error;
    });
    this.#known.set(key, pending);
    return pending;
  }

  async remove(partition: PartitionRef): Promise<void> {
    this.#known.delete(partitionKey(partition));
    await this.#inner.remove(partition);
  }

  list(): Promise<PartitionRef[]> {
    return this.#inner.list();
  }
}
