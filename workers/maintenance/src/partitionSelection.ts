import type { PartitionRef } from '@rireki/contracts';

/** Which partitions a one-shot command works on; every registered one when all are unset. */
export interface PartitionSelection {
  readonly app?: string;
  /** From this UTC date (YYYY-MM-DD), inclusive. */
  readonly fromDate?: string;
  /** Up to this UTC date, inclusive. */
  readonly toDate?: string;
}

export function selectPartitions(
  partitions: readonly PartitionRef[],
  selection: PartitionSelection,
): PartitionRef[] {
  return partitions.filter(
    (p) =>
      (selection.app === undefined || p.app === selection.app) &&
      (selection.fromDate === undefined || p.dt >= selection.fromDate) &&
      (selection.toDate === undefined || p.dt <= selection.toDate),
  );
}
