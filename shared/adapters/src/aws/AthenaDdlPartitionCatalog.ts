import type { AthenaClient } from '@aws-sdk/client-athena';
import {
  ACTION_LOG_TABLE,
  CatalogError,
  type PartitionRef,
  partitionPath,
  partitionProblem,
} from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';
import { QueryEngineError } from '@rireki/ports';
import { type AthenaClock, type AthenaPolling, AthenaQueryRunner } from './AthenaQueryRunner.js';
import { GLUE_NAME } from './actionLogTableDdl.js';
import { isRetryableAwsError } from './awsErrors.js';
import { partitionLocation } from './partitionLocation.js';
import { parseS3Uri, type S3Location } from './s3Uri.js';

export interface AthenaDdlPartitionCatalogOptions {
  readonly client: AthenaClient;
  /** Glue database of the `action_logs` table. */
  readonly database: string;
  /** Athena workgroup the DDL runs in. */
  readonly workgroup: string;
  /** The lake root, `s3://bucket[/prefix]`. */
  readonly lake: string;
  /** S3 URI for query results. @defaultValue none: the workgroup's result location */
  readonly outputLocation?: string;
  /** Longest one registration or listing may take, queueing included. @defaultValue 60000 */
  readonly timeoutMs?: number;
  /** @defaultValue first wait 100 ms, doubling up to 2 s */
  readonly polling?: AthenaPolling;
  /** @defaultValue the system clock */
  readonly clock?: AthenaClock;
}

const SHOWN_PARTITION = /^app=([^/]+)\/dt=([^/]+)$/;

/**
 * Partitions registered through Athena DDL, the alternative to GluePartitionCatalog for accounts
 * where the workers may run Athena but not write to Glue directly:
 * `ALTER TABLE … ADD IF NOT EXISTS PARTITION (app = '…', dt = '…') LOCATION 's3://…/'`.
 *
 * Athena takes ExecutionParameters only in SELECT, INSERT INTO, CTAS and UNLOAD statements, not in
 * DDL, so this one statement is written with its values in the text. They cannot carry SQL: the app
 * must match the app-code pattern (`[a-z][a-z0-9_-]*`), dt must be a real YYYY-MM-DD date, and the
 * location is built from a lake URI that parseS3Uri accepted (no quotes, backslashes or whitespace)
 * and those two values. Anything else is refused before a request is made.
 *
 * `list` runs `SHOW PARTITIONS`. Each DDL statement is a billed Athena query that takes a second or
 * more: wrap the catalog in CachedPartitionCatalog.
 */
export class AthenaDdlPartitionCatalog implements PartitionCatalog {
  readonly #runner: AthenaQueryRunner;
  readonly #table: string;
  readonly #lake: S3Location;
  readonly #timeoutMs: number;

  constructor(options: AthenaDdlPartitionCatalogOptions) {
    if (!GLUE_NAME.test(options.database)) {
      throw new RangeError(`database must be a Glue name (a-z, 0-9, _), got "${options.database}"`);
    }
    this.#runner = new AthenaQueryRunner(options);
    this.#table = `\`${options.database}\`.\`${ACTION_LOG_TABLE}\``;
    this.#lake = parseS3Uri(options.lake);
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  async register(partition: PartitionRef): Promise<void> {
    const problem = partitionProblem(partition);
    if (problem) throw new CatalogError(`cannot register a partition: ${problem}`, { retryable: false });
    const name = partitionPath(partition);
    const sql =
      `ALTER TABLE ${this.#table} ADD IF NOT EXISTS PARTITION ` +
      `(app = '${partition.app}', dt = '${partition.dt}') LOCATION '${partitionLocation(this.#lake, partition)}'`;
    const outcome = await this.#run(sql, name);
    if (outcome.state === 'SUCCEEDED') return;
    // Two processes adding the same partition at once: IF NOT EXISTS may still lose the race.
    if (/AlreadyExistsException|already exists/i.test(outcome.reason)) return;
    throw new CatalogError(`could not register ${name} through Athena: ${outcome.state}: ${outcome.reason}`, {
      cause: outcome.error,
      retryable: outcome.error?.Retryable ?? true,
    });
  }

  async remove(partition: PartitionRef): Promise<void> {
    const problem = partitionProblem(partition);
    if (problem) throw new CatalogError(`cannot remove a partition: ${problem}`, { retryable: false });
    const name = partitionPath(partition);
    const sql = `ALTER TABLE ${this.#table} DROP IF EXISTS PARTITION (app = '${partition.app}', dt = '${partition.dt}')`;
    const outcome = await this.#run(sql, name);
    if (outcome.state === 'SUCCEEDED') return;
    throw new CatalogError(`could not remove ${name} through Athena: ${outcome.state}: ${outcome.reason}`, {
      cause: outcome.error,
      retryable: outcome.error?.Retryable ?? true,
    });
  }

  async list(): Promise<PartitionRef[]> {
    const outcome = await this.#run(`SHOW PARTITIONS ${this.#table}`, 'partitions');
    if (outcome.state !== 'SUCCEEDED') {
      throw new CatalogError(
        `could not list partitions through Athena: ${outcome.state}: ${outcome.reason}`,
        {
          cause: outcome.error,
          retryable: outcome.error?.Retryable ?? true,
        },
      );
    }
    let rows: Array<Record<string, unknown>>;
    try {
      // SHOW results have no header row.
      rows = await this.#runner.rows(outcome.queryExecutionId, {
        skipHeader: false,
        deadline: this.#runner.now() + this.#timeoutMs,
      });
    } catch (error) {
      throw catalogError('could not read the partition list from Athena', error);
    }
    const partitions: PartitionRef[] = [];
    for (const row of rows) {
      const [text] = Object.values(row);
      const match = typeof text === 'string' ? SHOWN_PARTITION.exec(text) : null;
      // Only what rireki could have registered: other partitions (added by hand) are not its own.
      const partition = match ? { app: match[1] ?? '', dt: match[2] ?? '' } : null;
      if (partition && partitionProblem(partition) === null) partitions.push(partition);
    }
    return partitions.sort((a, b) => partitionPath(a).localeCompare(partitionPath(b)));
  }

  async #run(sql: string, what: string) {
    try {
      return await this.#runner.run(sql, [], this.#runner.now() + this.#timeoutMs);
    } catch (error) {
      throw catalogError(`could not run the Athena DDL for ${what}`, error);
    }
  }
}

function catalogError(message: string, error: unknown): CatalogError {
  const detail = error instanceof Error ? error.message : String(error);
  const timedOut = error instanceof QueryEngineError && error.timedOut;
  // The runner keeps the SDK's error as the cause: access denied or a bad request will not heal.
  const sdkError = error instanceof QueryEngineError && !timedOut ? error.cause : undefined;
  return new CatalogError(`${message}: ${timedOut ? 'timed out: ' : ''}${detail}`, {
    cause: error,
    retryable: sdkError === undefined || isRetryableAwsError(sdkError),
  });
}
