import type { PartitionRef } from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';

/** A catalog that lists the partitions given and is never written to. */
export function fixedCatalog(partitions: readonly PartitionRef[] = []): PartitionCatalog {
  return {
    register: () => Promise.reject(new Error('the query worker never registers a partition')),
    remove: () => Promise.reject(new Error('the query worker never removes a partition')),
    list: () => Promise.resolve([...partitions]),
  };
}
