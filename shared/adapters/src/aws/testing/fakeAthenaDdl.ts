import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { resultPage } from './athenaTesting.js';

const ADD_PARTITION = /ADD IF NOT EXISTS PARTITION \(app = '([^']*)', dt = '([^']*)'\)/;
const DROP_PARTITION = /DROP IF EXISTS PARTITION \(app = '([^']*)', dt = '([^']*)'\)$/;

/**
 * The two Athena DDL statements the DDL catalog runs, kept in memory behind aws-sdk-client-mock:
 * `ALTER TABLE … ADD IF NOT EXISTS PARTITION` adds one (a known one changes nothing), `… DROP IF
 * EXISTS PARTITION` removes one, and
 * `SHOW PARTITIONS` answers one `app=…/dt=…` row each, with no header row, as Athena does. Any other
 * statement fails, so a catalog that sent one would be caught.
 */
export function fakeAthenaDdl(client: AthenaClient): {
  readonly partitions: Set<string>;
  restore: () => void;
} {
  const partitions = new Set<string>();
  const statements = new Map<string, string>();
  const athena = mockClient(client);
  athena.on(StartQueryExecutionCommand).callsFake((input: StartQueryExecutionCommand['input']) => {
    const id = `ddl-${statements.size + 1}`;
    const sql = input.QueryString ?? '';
    statements.set(id, sql);
    const added = ADD_PARTITION.exec(sql);
    if (added) partitions.add(`app=${added[1]}/dt=${added[2]}`);
    const dropped = DROP_PARTITION.exec(sql);
    if (dropped) partitions.delete(`app=${dropped[1]}/dt=${dropped[2]}`);
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake((input: GetQueryExecutionCommand['input']) => {
    const sql = statements.get(input.QueryExecutionId ?? '') ?? '';
    const known = ADD_PARTITION.test(sql) || DROP_PARTITION.test(sql) || sql.startsWith('SHOW PARTITIONS ');
    return {
      QueryExecution: {
        QueryExecutionId: input.QueryExecutionId,
        Status: known
          ? { State: 'SUCCEEDED' }
          : { State: 'FAILED', StateChangeReason: `unexpected statement: ${sql}` },
      },
    };
  });
  athena.on(GetQueryResultsCommand).callsFake(() =>
    resultPage(
      [['partition', 'varchar']],
      [...partitions].map((name) => [name]),
    ),
  );
  return { partitions, restore: () => athena.restore() };
}
