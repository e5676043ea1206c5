import type { PartitionRef } from '@rireki/contracts';

/** The catalog of `action_logs` partitions a query engine sees (a local list, Glue, or Athena DDL). */
export interface PartitionCatalog {
  /** Registers a partition. Idempotent: registering a known partition succeeds and changes nothing. */
  register(partition: PartitionRef): Promise<void>;
  /** Every registered partition. */
  list(): Promise<PartitionRef[]>;
}
