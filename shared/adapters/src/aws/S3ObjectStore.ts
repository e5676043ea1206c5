import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { StorageError } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { awsErrorName, isRetryableAwsError, messageOf } from './awsErrors.js';
import { formatS3Uri, parseS3Uri, type S3Location } from './s3Uri.js';

/** Server-side encryption of every object the store writes; absent fields leave the bucket's default. */
export interface S3Encryption {
  /** `AES256` (SSE-S3) or `aws:kms` (SSE-KMS). @defaultValue the bucket's default encryption */
  readonly sse?: 'AES256' | 'aws:kms';
  /** KMS key id or ARN, with `sse: 'aws:kms'`. @defaultValue the account's `aws/s3` key */
  readonly kmsKeyId?: string;
}

export interface S3ObjectStoreOptions {
  /** A configured client; its `maxAttempts` and retry strategy are the store's retries. */
  readonly client: S3Client;
  /** The lake root, `s3://bucket[/prefix]`. */
  readonly lake: string;
  /** Sent on every write (PutObject, CreateMultipartUpload). @defaultValue none: the bucket's default */
  readonly encryption?: S3Encryption;
  /** Bodies of at least this many bytes go up as a multipart upload. @defaultValue 16 MiB */
  readonly multipartThresholdBytes?: number;
  /** Part size of a multipart upload, at least 5 MiB (S3's minimum). @defaultValue 8 MiB */
  readonly partSizeBytes?: number;
  /** Parts of one upload sent side by side. @defaultValue 4 */
  readonly partConcurrency?: number;
  /** Keys per ListObjectsV2 page, 1 to 1000. @defaultValue 1000 */
  readonly listPageSize?: number;
}

const MIB = 1024 * 1024;
const MIN_PART_BYTES = 5 * MIB;

/**
 * The lake on S3, keys relative to `s3://bucket/prefix`. An object appears whole or not at all: a
 * PutObject or a completed multipart upload is atomic, and a failed upload is aborted, so a query
 * never reads a torn file.
 *
 * @example
 * const store = new S3ObjectStore({ client: new S3Client({}), lake: 's3://my-lake/rireki', encryption: { sse: 'aws:kms' } });
 * await store.put('action_logs/app=shop/dt=2026-11-24/x.parquet', bytes);
 */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  readonly #client: S3Client;
  readonly #root: S3Location;
  readonly #encryption: Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'>;
  readonly #multipartThreshold: number;
  readonly #partSize: number;
  readonly #partConcurrency: number;
  readonly #listPageSize: number;

  constructor(options: S3ObjectStoreOptions) {
    this.#client = options.client;
    this.#root = parseS3Uri(options.lake);
    this.location = formatS3Uri(this.#root);
    this.#encryption = encryptionParams(options.encryption ?? {});
    this.#multipartThreshold = positiveInteger(
      'multipartThresholdBytes',
      options.multipartThresholdBytes ?? 16 * MIB,
    );
    this.#partSize = positiveInteger('partSizeBytes', options.partSizeBytes ?? 8 * MIB);
    if (this.#partSize < MIN_PART_BYTES) throw new RangeError('partSizeBytes must be at least 5 MiB');
    this.#partConcurrency = positiveInteger('partConcurrency', options.partConcurrency ?? 4);
    this.#listPageSize = positiveInteger('listPageSize', options.listPageSize ?? 1000);
    if (this.#listPageSize > 1000) throw new RangeError('listPageSize must be at most 1000');
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const params: PutObjectCommandInput = {
      Bucket: this.#root.bucket,
      Key: this.#objectKey(key),
      Body: bytes,
      ...this.#encryption,
    };
    try {
      if (bytes.byteLength < this.#multipartThreshold) {
        await this.#client.send(new PutObjectCommand({ ...params, ContentLength: bytes.byteLength }));
        return;
      }
      // Upload aborts the multipart upload when a part fails (leavePartsOnError false), so no
      // half-written object or orphaned parts are left behind.
      const upload = new Upload({
        client: this.#client,
        params,
        partSize: this.#partSize,
        queueSize: this.#partConcurrency,
        leavePartsOnError: false,
      });
      await upload.done();
    } catch (error) {
      throw storageError(`could not write ${key} to ${this.location}`, error);
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const output = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#root.bucket, Key: this.#objectKey(key) }),
      );
      if (!output.Body) return new Uint8Array();
      return await output.Body.transformToByteArray();
    } catch (error) {
      if (awsErrorName(error) === 'NoSuchKey') return null;
      throw storageError(`could not read ${key} from ${this.location}`, error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      // S3 answers a delete of a missing key with success, as the port asks.
      await this.#client.send(
        new DeleteObjectCommand({ Bucket: this.#root.bucket, Key: this.#objectKey(key) }),
      );
    } catch (error) {
      throw storageError(`could not delete ${key} from ${this.location}`, error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Like a directory: "a/b" lists what is under "a/b/", never "a/bc".
    const folder = prefix.replace(/\/+$/, '');
    const listed = folder === '' ? this.#rootPrefix() : `${this.#objectKey(folder)}/`;
    const keys: string[] = [];
    try {
      const pages = paginateListObjectsV2(
        { client: this.#client, pageSize: this.#listPageSize },
        { Bucket: this.#root.bucket, Prefix: listed },
      );
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          const key = object.Key?.slice(this.#rootPrefix().length);
          // Folder markers ("…/") are not objects of the lake; hidden names match the directory store.
          if (!key || key.endsWith('/') || (key.split('/').at(-1) ?? '').startsWith('.')) continue;
          keys.push(key);
        }
      }
    } catch (error) {
      throw storageError(`could not list ${prefix} in ${this.location}`, error);
    }
    return keys;
  }

  uriOf(key: string): string {
    return `s3://${this.#root.bucket}/${this.#objectKey(key)}`;
  }

  /** The S3 key of a lake key; refuses keys that are not a plain relative path. */
  #objectKey(key: string): string {
    if (key === '' || key.startsWith('/') || key.split('/').some((part) => part === '' || part === '..')) {
      throw new StorageError(`key "${key}" is not a relative path inside the lake`, { retryable: false });
    }
    return `${this.#rootPrefix()}${key}`;
  }

  #rootPrefix(): string {
    return this.#root.prefix === '' ? '' : `${this.#root.prefix}/`;
  }
}

function encryptionParams(
  encryption: S3Encryption,
): Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'> {
  if (encryption.kmsKeyId !== undefined && encryption.sse !== 'aws:kms') {
    throw new RangeError(
      `encryption.kmsKeyId needs encryption.sse 'aws:kms' (got ${String(encryption.sse)})`,
    );
  }
  return {
    ...(encryption.sse === undefined ? {} : { ServerSideEncryption: encryption.sse }),
    ...(encryption.kmsKeyId === undefined ? {} : { SSEKMSKeyId: encryption.kmsKeyId }),
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

function storageError(message: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  return new StorageError(`${message}: ${messageOf(error)}`, {
    cause: error,
    retryable: isRetryableAwsError(error),
  });
}
