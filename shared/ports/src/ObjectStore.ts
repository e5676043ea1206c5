/** The lake's storage: a local directory or an S3 prefix. Keys are `/`-separated and relative to the lake root. */
export interface ObjectStore {
  /** Durably writes the whole object; resolves only once a reader would see all of it, never part. */
  put(key: string, body: Uint8Array | string): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /**
   * Removes the object, durably; removing a key that holds nothing succeeds. Only lake maintenance
   * removes objects, and only once nothing can still be reading them.
   */
  delete(key: string): Promise<void>;
  /** Every key under `prefix`, in no particular order. */
  list(prefix: string): Promise<string[]>;
  /** Where the lake is, for logs: a directory path or an s3:// URI. */
  readonly location: string;
  /** A URI another process can read the object from: file:///… or s3://bucket/key. */
  uriOf(key: string): string;
}
