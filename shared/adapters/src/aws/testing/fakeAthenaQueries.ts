import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { resultPage } from './athenaTesting.js';

/** How the fake answers one statement, by its SQL text. */
export type FakeAthenaAnswer =
  | {
      readonly state: 'SUCCEEDED';
      readonly columns: ReadonlyArray<readonly [string, string]>;
      /** The rows as Athena's texts; given the statement's ExecutionParameters. */
      readonly rows: (parameters: readonly string[]) => ReadonlyArray<ReadonlyArray<string | undefined>>;
    }
  | { readonly state: 'FAILED'; readonly reason: string }
  | { readonly state: 'RUNNING' };

/**
 * Athena's query API for the statements in `answers`, behind aws-sdk-client-mock: each one runs to
 * the state given (RUNNING forever), and results come as one page with the header row Athena puts
 * first. A statement it was not told of fails, so an engine that sent one would be caught.
 */
export function fakeAthenaQueries(client: AthenaClient, answers: ReadonlyMap<string, FakeAthenaAnswer>) {
  const started: Array<{ sql: string; parameters: readonly string[] }> = [];
  const athena = mockClient(client);
  const answerOf = (id: string | undefined): FakeAthenaAnswer => {
    const query = started[Number(id?.replace('q-', '')) - 1];
    return (
      answers.get(query?.sql ?? '') ?? { state: 'FAILED', reason: `unexpected statement: ${query?.sql}` }
    );
  };
  athena.on(StartQueryExecutionCommand).callsFake((input: StartQueryExecutionCommand['input']) => {
    started.push({ sql: input.QueryString ?? '', parameters: input.ExecutionParameters ?? [] });
    return { QueryExecutionId: `q-${started.length}` };
  });
  athena.on(GetQueryExecutionCommand).callsFake((input: GetQueryExecutionCommand['input']) => {
    const answer = answerOf(input.QueryExecutionId);
    return {
      QueryExecution: {
        QueryExecutionId: input.QueryExecutionId,
        Status: {
          State: answer.state,
          ...(answer.state === 'FAILED' ? { StateChangeReason: answer.reason } : {}),
        },
        Statistics: { DataScannedInBytes: 0 },
      },
    };
  });
  athena.on(GetQueryResultsCommand).callsFake((input: GetQueryResultsCommand['input']) => {
    const answer = answerOf(input.QueryExecutionId);
    const query = started[Number(input.QueryExecutionId?.replace('q-', '')) - 1];
    if (answer.state !== 'SUCCEEDED') throw new Error(`results of a ${answer.state} query`);
    return resultPage(answer.columns, answer.rows(query?.parameters ?? []), { header: true });
  });
  athena.on(StopQueryExecutionCommand).resolves({});
  return { started, restore: () => athena.restore() };
}

/** The text of an Athena string literal `'…'`, its doubled quotes undone. */
export function stringLiteralText(literal: string | undefined): string | undefined {
  if (literal === undefined || !/^'.*'$/s.test(literal)) return undefined;
  return literal.slice(1, -1).replaceAll("''", "'");
}
