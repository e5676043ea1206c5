import {
  type AthenaClient,
  type AthenaError,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { QueryEngineError } from '@rireki/ports';
import { decodeAthenaValue } from './athenaValues.js';
import { awsErrorName, isThrottlingError, messageOf } from './awsErrors.js';

/** How often to ask Athena whether a query is done: waits grow from the first to the longest. */
export interface AthenaPolling {
  /** First wait, also the first back-off after throttling. @defaultValue 100 */
  readonly initialDelayMs?: number;
  /** Longest wait; each wait doubles up to it. @defaultValue 2000 */
  readonly maxDelayMs?: number;
}

/** Time, passed in so tests can run a query's minutes of polling in no time. */
export interface AthenaClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface AthenaQueryRunnerOptions {
  readonly client: AthenaClient;
  /** Workgroup the queries run in (its settings: engine version, result location, limits). */
  readonly workgroup: string;
  /** Database of unqualified names, sent as QueryExecutionContext. */
  readonly database: string;
  /** ResultConfiguration.OutputLocation. @defaultValue none: the workgroup's result location */
  readonly outputLocation?: string;
  readonly polling?: AthenaPolling;
  /** Rows per GetQueryResults page, 1 to 1000. @defaultValue 1000 */
  readonly pageSize?: number;
  /** @defaultValue the system clock and setTimeout */
  readonly clock?: AthenaClock;
}

/** How a query that Athena ran ended: SUCCEEDED, or FAILED / CANCELLED with Athena's reason. */
export type AthenaOutcome =
  | { readonly state: 'SUCCEEDED'; readonly queryExecutionId: string; readonly execution: QueryExecution }
  | {
      readonly state: 'FAILED' | 'CANCELLED';
      readonly queryExecutionId: string;
      readonly reason: string;
      readonly error: AthenaError | undefined;
    };

const SYSTEM_CLOCK: AthenaClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// A StopQueryExecution after a timeout gets this long of its own, so giving up stays prompt.
const STOP_BUDGET_MS = 5_000;

/**
 * Runs one statement on Athena and reads its results: StartQueryExecution, GetQueryExecution polled
 * with exponential back-off until a final state or the deadline, StopQueryExecution when the
 * deadline passes first, then GetQueryResults page by page. Throttled calls (TooManyRequests,
 * Throttling) are tried again after a back-off for as long as the deadline allows; the client's
 * own retries (`maxAttempts`) come first.
 */
export class AthenaQueryRunner {
  readonly #client: AthenaClient;
  readonly #workgroup: string;
  readonly #database: string;
  readonly #outputLocation: string | undefined;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #pageSize: number;
  readonly #clock: AthenaClock;

  constructor(options: AthenaQueryRunnerOptions) {
    this.#client = options.client;
    this.#workgroup = options.workgroup;
    this.#database = options.database;
    this.#outputLocation = options.outputLocation;
    this.#initialDelayMs = options.polling?.initialDelayMs ?? 100;
    this.#maxDelayMs = options.polling?.maxDelayMs ?? 2_000;
    if (!(this.#initialDelayMs > 0 && this.#maxDelayMs >= this.#initialDelayMs)) {
      throw new RangeError('polling needs 0 < initialDelayMs <= maxDelayMs');
    }
    this.#pageSize = options.pageSize ?? 1000;
    if (!Number.isInteger(this.#pageSize) || this.#pageSize < 1 || this.#pageSize > 1000) {
      throw new RangeError('pageSize must be an integer from 1 to 1000');
    }
    this.#clock = options.clock ?? SYSTEM_CLOCK;
  }

  now(): number {
    return this.#clock.now();
  }

  /**
   * Starts the statement and waits for its final state until `deadline` (epoch ms on the clock).
   * Rejects with QueryEngineError: `timedOut` when the deadline passed (the query is stopped), or the
   * API's error when a call failed for another reason (the query, if started, is stopped).
   */
  async run(sql: string, executionParameters: readonly string[], deadline: number): Promise<AthenaOutcome> {
    const input: StartQueryExecutionCommandInput = {
      QueryString: sql,
      WorkGroup: this.#workgroup,
      QueryExecutionContext: { Database: this.#database },
      ...(executionParameters.length > 0 ? { ExecutionParameters: [...executionParameters] } : {}),
      ...(this.#outputLocation === undefined
        ? {}
        : { ResultConfiguration: { OutputLocation: this.#outputLocation } }),
    };
    const started = await this.#send('StartQueryExecution', deadline, (client, abortSignal) =>
      client.send(new StartQueryExecutionCommand(input), { abortSignal }),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new QueryEngineError('StartQueryExecution returned no QueryExecutionId');
    let finished = false;
    try {
      const outcome = await this.#waitFor(id, deadline);
      finished = true;
      return outcome;
    } catch (error) {
      if (error instanceof QueryEngineError && error.timedOut) {
        throw timedOut(`Athena query ${id} did not finish in time; it was stopped`, error);
      }
      throw error;
    } finally {
      // A query left running keeps scanning (and costing) after we gave up on it.
      if (!finished) await this.#stop(id);
    }
  }

  /**
   * Every row of a finished query, keyed by column name and decoded by column type. A SELECT's first
   * page starts with a row of column labels (`skipHeader`); DDL and SHOW results do not.
   */
  async rows(
    queryExecutionId: string,
    options: { readonly skipHeader: boolean; readonly deadline: number },
  ): Promise<Array<Record<string, unknown>>> {
    const rows: Array<Record<string, unknown>> = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      const token = nextToken;
      const page = await this.#send('GetQueryResults', options.deadline, (client, abortSignal) =>
        client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: queryExecutionId,
            MaxResults: this.#pageSize,
            ...(token === undefined ? {} : { NextToken: token }),
          }),
          { abortSignal },
        ),
      );
      const columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => ({
        name: column.Name ?? column.Label ?? '',
        type: column.Type ?? 'varchar',
      }));
      const pageRows = page.ResultSet?.Rows ?? [];
      for (const row of first && options.skipHeader ? pageRows.slice(1) : pageRows) {
        const data = row.Data ?? [];
        // fromEntries defines own properties: a column named "__proto__" stays plain data.
        rows.push(
          Object.fromEntries(
            columns.map((column, i) => [column.name, decodeAthenaValue(column.type, data[i]?.VarCharValue)]),
          ),
        );
      }
      first = false;
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  }

  async #waitFor(id: string, deadline: number): Promise<AthenaOutcome> {
    let delay = this.#initialDelayMs;
    for (;;) {
      const remaining = deadline - this.#clock.now();
      if (remaining <= 0) throw timedOut(`Athena query ${id} did not finish in time`);
      await this.#clock.sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, this.#maxDelayMs);
      const { QueryExecution: execution } = await this.#send(
        'GetQueryExecution',
        deadline,
        (client, abortSignal) =>
          client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal }),
      );
      const status = execution?.Status;
      switch (status?.State) {
        case 'SUCCEEDED':
          return { state: 'SUCCEEDED', queryExecutionId: id, execution: execution ?? {} };
        case 'FAILED':
        case 'CANCELLED':
          return {
            state: status.State,
            queryExecutionId: id,
            reason: status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? 'no reason given',
            error: status.AthenaError,
          };
        default:
        // QUEUED or RUNNING (Athena may move a query from RUNNING back to QUEUED): wait on.
      }
    }
  }

  async #stop(id: string): Promise<void> {
    try {
      await this.#client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }), {
        abortSignal: AbortSignal.timeout(STOP_BUDGET_MS),
      });
    } catch {
      // Best effort: the query's own workgroup limits still end it.
    }
  }

  /**
   * Makes one API call, again after a back-off while it is throttled and time remains. The call
   * itself is aborted at the deadline, so a hanging request cannot outlast the budget.
   */
  async #send<Output>(
    operation: string,
    deadline: number,
    call: (client: AthenaClient, abortSignal: AbortSignal) => Promise<Output>,
  ): Promise<Output> {
    let delay = this.#initialDelayMs;
    for (;;) {
      const remaining = deadline - this.#clock.now();
      if (remaining <= 0) throw timedOut(`${operation} ran out of time`);
      try {
        return await call(this.#client, AbortSignal.timeout(remaining));
      } catch (error) {
        if (isThrottlingError(error) && this.#clock.now() + delay < deadline) {
          await this.#clock.sleep(delay);
          delay = Math.min(delay * 2, this.#maxDelayMs);
          continue;
        }
        if (isThrottlingError(error) || awsErrorName(error) === 'AbortError') {
          throw timedOut(`${operation} was still throttled or unanswered at the deadline`, error);
        }
        throw new QueryEngineError(`${operation} failed: ${messageOf(error)}`, { cause: error });
      }
    }
  }
}

function timedOut(message: string, cause?: unknown): QueryEngineError {
  return new QueryEngineError(message, { timedOut: true, ...(cause === undefined ? {} : { cause }) });
}
