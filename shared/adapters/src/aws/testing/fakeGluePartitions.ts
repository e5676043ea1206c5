import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  type GlueClient,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * Glue's partition API for one table, kept in memory behind aws-sdk-client-mock: BatchCreatePartition
 * answers AlreadyExistsException in its Errors for a known partition, BatchDeletePartition
 * EntityNotFoundException for an unknown one, as Glue does, and
 * GetPartitions pages `pageSize` at a time with a NextToken.
 */
export function fakeGluePartitions(
  client: GlueClient,
  table: StorageDescriptor,
  pageSize = 2,
): { readonly partitions: Map<string, StorageDescriptor>; restore: () => void } {
  const partitions = new Map<string, StorageDescriptor>();
  const glue = mockClient(client);
  glue.on(GetTableCommand).resolves({ Table: { Name: 'action_logs', StorageDescriptor: table } });
  glue.on(BatchCreatePartitionCommand).callsFake((input: BatchCreatePartitionCommand['input']) => {
    const errors = [];
    for (const entry of input.PartitionInputList ?? []) {
      const values = entry.Values ?? [];
      const name = JSON.stringify(values);
      if (partitions.has(name)) {
        errors.push({
          PartitionValues: values,
          ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' },
        });
      } else partitions.set(name, entry.StorageDescriptor ?? {});
    }
    return { Errors: errors };
  });
  glue.on(BatchDeletePartitionCommand).callsFake((input: BatchDeletePartitionCommand['input']) => {
    const errors = [];
    for (const entry of input.PartitionsToDelete ?? []) {
      const values = entry.Values ?? [];
      if (!partitions.delete(JSON.stringify(values))) {
        errors.push({
          PartitionValues: values,
          ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Partition not found.' },
        });
      }
    }
    return { Errors: errors };
  });
  glue.on(GetPartitionsCommand).callsFake((input: GetPartitionsCommand['input']) => {
    const all = [...partitions.keys()].map((name) => JSON.parse(name) as string[]);
    const start = Number(input.NextToken ?? 0);
    const next = start + pageSize;
    return {
      Partitions: all.slice(start, next).map((Values) => ({ Values })),
      ...(next < all.length ? { NextToken: String(next) } : {}),
    };
  });
  return { partitions, restore: () => glue.restore() };
}
