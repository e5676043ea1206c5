import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  GetTableCommand,
  type GlueClient,
  paginateGetPartitions,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import {
  ACTION_LOG_TABLE,
  CatalogError,
  type PartitionRef,
  partitionPath,
  partitionProblem,
} from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';
import { GLUE_NAME } from './actionLogTableDdl.js';
import { awsErrorName, isRetryableAwsError, messageOf } from './awsErrors.js';
import { partitionLocation } from './partitionLocation.js';
import { parseS3Uri, type S3Location } from './s3Uri.js';

export interface GluePartitionCatalogOptions {
  /** A configured client; its `maxAttempts` are the catalog's retries. */
  readonly client: GlueClient;
  /** Glue database of the `action_logs` table. */
  readonly database: string;
  /** The lake root, `s3://bucket[/prefix]`: a partition's files are under `action_logs/app=…/dt=…/` in it. */
  readonly lake: string;
  /** Data Catalog id (an AWS account id). @defaultValue the caller's account */
  readonly catalogId?: string;
}

// Errors a Glue entry can carry that waiting can fix; the others (invalid input, no such table,
// too many partitions) need an operator.
const TRANSIENT_GLUE_CODES = new Set([
  'InternalServiceException',
  'OperationTimeoutException',
  'ThrottlingException',
  'ConcurrentModificationException',
]);

/**
 * Partitions of `action_logs` in the Glue Data Catalog. `register` creates the partition with
 * BatchCreatePartition, its StorageDescriptor the table's (columns, Parquet formats, SerDe, read
 * once per process with GetTable) at the partition's S3 folder; a partition that already exists
 * counts as registered. Wrap it in CachedPartitionCatalog so that each partition costs one call per
 * process.
 *
 * @example
 * const catalog = new CachedPartitionCatalog(new GluePartitionCatalog({ client: new GlueClient({}), database: 'rireki', lake: 's3://my-lake/rireki' }));
 */
export class GluePartitionCatalog implements PartitionCatalog {
  readonly #client: GlueClient;
  readonly #database: string;
  readonly #lake: S3Location;
  readonly #catalogId: { CatalogId?: string };
  #tableStorage: Promise<StorageDescriptor> | null = null;

  constructor(options: GluePartitionCatalogOptions) {
    if (!GLUE_NAME.test(options.database)) {
      throw new RangeError(`database must be a Glue name (a-z, 0-9, _), got "${options.database}"`);
    }
    this.#client = options.client;
    this.#database = options.database;
    this.#lake = parseS3Uri(options.lake);
    this.#catalogId = options.catalogId === undefined ? {} : { CatalogId: options.catalogId };
  }

  async register(partition: PartitionRef): Promise<void> {
    const problem = partitionProblem(partition);
    if (problem) throw new CatalogError(`cannot register a partition: ${problem}`, { retryable: false });
    const name = partitionPath(partition);
    const storage = await this.#storage();
    let errors: Array<{ code: string; message: string }>;
    try {
      const output = await this.#client.send(
        new BatchCreatePartitionCommand({
          ...this.#catalogId,
          DatabaseName: this.#database,
          TableName: ACTION_LOG_TABLE,
          PartitionInputList: [
            {
              Values: [partition.app, partition.dt],
              StorageDescriptor: { ...storage, Location: partitionLocation(this.#lake, partition) },
            },
          ],
        }),
      );
      errors = (output.Errors ?? []).map((entry) => ({
        code: entry.ErrorDetail?.ErrorCode ?? 'UnknownError',
        message: entry.ErrorDetail?.ErrorMessage ?? '',
      }));
    } catch (error) {
      // Registration is idempotent: another process creating it first is success.
      if (awsErrorName(error) === 'AlreadyExistsException') return;
      throw new CatalogError(`could not register ${name} in Glue: ${messageOf(error)}`, {
        cause: error,
        retryable: isRetryableAwsError(error),
      });
    }
    const failures = errors.filter((entry) => entry.code !== 'AlreadyExistsException');
    const [first] = failures;
    if (first) {
      throw new CatalogError(`could not register ${name} in Glue: ${first.code}: ${first.message}`, {
        cause: failures,
        retryable: TRANSIENT_GLUE_CODES.has(first.code),
      });
    }
  }

  async remove(partition: PartitionRef): Promise<void> {
    const problem = partitionProblem(partition);
    if (problem) throw new CatalogError(`cannot remove a partition: ${problem}`, { retryable: false });
    const name = partitionPath(partition);
    let errors: Array<{ code: string; message: string }>;
    try {
      const output = await this.#client.send(
        new BatchDeletePartitionCommand({
          ...this.#catalogId,
          DatabaseName: this.#database,
          TableName: ACTION_LOG_TABLE,
          PartitionsToDelete: [{ Values: [partition.app, partition.dt] }],
        }),
      );
      errors = (output.Errors ?? []).map((entry) => ({
        code: entry.ErrorDetail?.ErrorCode ?? 'UnknownError',
        message: entry.ErrorDetail?.ErrorMessage ?? '',
      }));
    } catch (error) {
      throw new CatalogError(`could not remove ${name} from Glue: ${messageOf(error)}`, {
        cause: error,
        retryable: isRetryableAwsError(error),
      });
    }
    // A partition that is already gone is what was asked for.
    const [first] = errors.filter((entry) => entry.code !== 'EntityNotFoundException');
    if (first) {
      throw new CatalogError(`could not remove ${name} from Glue: ${first.code}: ${first.message}`, {
        cause: errors,
        retryable: TRANSIENT_GLUE_CODES.has(first.code),
      });
    }
  }

  async list(): Promise<PartitionRef[]> {
    const partitions: PartitionRef[] = [];
    try {
      const pages = paginateGetPartitions(
        { client: this.#client },
        {
          ...this.#catalogId,
          DatabaseName: this.#database,
          TableName: ACTION_LOG_TABLE,
          ExcludeColumnSchema: true,
        },
      );
      for await (const page of pages) {
        for (const partition of page.Partitions ?? []) {
          const [app, dt] = partition.Values ?? [];
          if (app !== undefined && dt !== undefined) partitions.push({ app, dt });
        }
      }
    } catch (error) {
      throw new CatalogError(
        `could not list the partitions of ${this.#database}.${ACTION_LOG_TABLE}: ${messageOf(error)}`,
        {
          cause: error,
          retryable: isRetryableAwsError(error),
        },
      );
    }
    return partitions.sort((a, b) => partitionPath(a).localeCompare(partitionPath(b)));
  }

  /** The table's StorageDescriptor without its location, read once; a failed read is tried again next time. */
  #storage(): Promise<StorageDescriptor> {
    this.#tableStorage ??= this.#readTableStorage().catch((error: unknown) => {
      this.#tableStorage = null;
      throw error;
    });
    return this.#tableStorage;
  }

  async #readTableStorage(): Promise<StorageDescriptor> {
    let storage: StorageDescriptor | undefined;
    try {
      const output = await this.#client.send(
        new GetTableCommand({ ...this.#catalogId, DatabaseName: this.#database, Name: ACTION_LOG_TABLE }),
      );
      storage = output.Table?.StorageDescriptor;
    } catch (error) {
      throw new CatalogError(
        `could not read the table ${this.#database}.${ACTION_LOG_TABLE} from Glue: ${messageOf(error)}`,
        {
          cause: error,
          retryable: isRetryableAwsError(error),
        },
      );
    }
    if (!storage) {
      throw new CatalogError(
        `the Glue table ${this.#database}.${ACTION_LOG_TABLE} has no StorageDescriptor`,
        {
          retryable: false,
        },
      );
    }
    // The partition reads its files as the table does; only the location is its own.
    const { Location: _tableLocation, ...partitionStorage } = storage;
    return partitionStorage;
  }
}
