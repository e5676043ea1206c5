import type { GetQueryResultsCommandOutput } from '@aws-sdk/client-athena';
import type { AthenaClock } from '../AthenaQueryRunner.js';

/** A clock whose sleeps return at once and move its time on; the waits asked for are recorded. */
export function virtualClock(start = 1_000_000): AthenaClock & { readonly sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/**
 * One GetQueryResults page: columns as [name, Athena type], rows of texts (undefined for NULL). The
 * first page of a SELECT carries the column labels as its first row, as Athena sends it.
 */
export function resultPage(
  columns: ReadonlyArray<readonly [string, string]>,
  rows: ReadonlyArray<ReadonlyArray<string | undefined>>,
  options: { readonly header?: boolean; readonly nextToken?: string } = {},
): GetQueryResultsCommandOutput {
  const header = options.header ? [{ Data: columns.map(([name]) => ({ VarCharValue: name })) }] : [];
  return {
    $metadata: {},
    ResultSet: {
      ResultSetMetadata: {
        ColumnInfo: columns.map(([name, type]) => ({ Name: name, Label: name, Type: type })),
      },
      Rows: [
        ...header,
        ...rows.map((row) => ({
          Data: row.map((text) => (text === undefined ? {} : { VarCharValue: text })),
        })),
      ],
    },
    ...(options.nextToken === undefined ? {} : { NextToken: options.nextToken }),
  };
}

/** An error the way the SDK throws a service error: a name (the error code) and a fault. */
export function serviceError(name: string, fault: 'client' | 'server' = 'client'): Error {
  return Object.assign(new Error(`${name} (injected)`), { name, $fault: fault, $metadata: {} });
}
