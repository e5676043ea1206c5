import { type PartitionRef, type RirekiError, toRirekiError } from '@rireki/contracts';
import type { ObjectStore, PartitionCatalog } from '@rireki/ports';
import { finishReplaced } from './removeReplaced.js';

/** A partition whose step threw: it is reported, and the others go on. */
export interface PartitionFailure {
  readonly status: 'failed';
  readonly error: RirekiError;
}

export interface PartitionRun<T> {
  readonly outcomes: ReadonlyArray<T | PartitionFailure>;
  /** Earlier rewrites finished (or that would be, in a dry run) because their grace had passed. */
  readonly replacedRemoved: number;
}

/**
 * The loop of a one-shot command: for each partition in turn, first finish what earlier rewrites
 * left once their grace has passed (count it, in a dry run), then run the command's step.
 */
export async function overPartitions<T>(
  deps: { readonly store: ObjectStore; readonly catalog: PartitionCatalog; readonly nowMs: () => number },
  partitions: readonly PartitionRef[],
  dryRun: boolean,
  step: (partition: PartitionRef) => Promise<T>,
  onPartition: (partition: PartitionRef, outcome: T | PartitionFailure) => void,
): Promise<PartitionRun<T>> {
  const outcomes: Array<T | PartitionFailure> = [];
  let replacedRemoved = 0;
  for (const partition of partitions) {
    let outcome: T | PartitionFailure;
    try {
      replacedRemoved += await finishReplaced(deps.store, deps.catalog, partition, deps.nowMs(), dryRun);
      outcome = await step(partition);
    } catch (thrown) {
      outcome = { status: 'failed', error: toRirekiError(thrown) };
    }
    outcomes.push(outcome);
    onPartition(partition, outcome);
  }
  return { outcomes, replacedRemoved };
}
