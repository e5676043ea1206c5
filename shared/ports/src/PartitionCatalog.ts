import type { PartitionRef } from '@rireki/contracts';

/** The catalog of `action_logs` partitions a query engine sees (a local list, Glue, or Athena DDL). */
export interface PartitionCatalog {
  /** Registers a partition. Idempotent: registering a known partition succeeds and changes nothing. */
  register(partition: PartitionRef): Promise<void>;
  /**
   * Removes a partition from the catalog (its files are not touched). Idempotent: removing an
   * unknown partition succeeds. Only lake maintenance removes, when retention expires a partition.
   */
  remove(partition: PartitionRef): Promise<void>;
  /** Every registered partition. */
  list(): Promise<PartitionRef[]>;
}
