import { CatalogError, type PartitionRef, partitionKey } from '@rireki/contracts';
import type { PartitionCatalog } from '../PartitionCatalog.js';
import type { RecordLakeStep } from './lakeSteps.js';

/** A real PartitionCatalog that reports each registration once it succeeded, and can fail the next ones. */
export class RecordingCatalog implements PartitionCatalog {
  readonly #inner: PartitionCatalog;
  readonly #record: RecordLakeStep;
  #failuresLeft = 0;

  constructor(inner: PartitionCatalog, record: RecordLakeStep = () => undefined) {
    this.#inner = inner;
    this.#record = record;
  }

  /** The next `times` registrations fail with a CatalogError, before reaching the real catalog. */
  failRegistrations(times: number): void {
    this.#failuresLeft = times;
  }

  async register(partition: PartitionRef): Promise<void> {
    if (this.#failuresLeft > 0) {
      this.#failuresLeft--;
      this.#record({ kind: 'register-failed', partition: partitionKey(partition) });
      throw new CatalogError(`injected failure registering ${partitionKey(partition)}`);
    }
    await this.#inner.register(partition);
    this.#record({ kind: 'register', partition: partitionKey(partition) });
  }

  remove(partition: PartitionRef): Promise<void> {
    return this.#inner.remove(partition);
  }

  list(): Promise<PartitionRef[]> {
    return this.#inner.list();
  }
}
