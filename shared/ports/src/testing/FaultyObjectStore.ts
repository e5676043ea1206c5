import { StorageError } from '@rireki/contracts';
import type { ObjectStore } from '../ObjectStore.js';
import type { RecordLakeStep } from './lakeSteps.js';

/**
 * A real ObjectStore that reports every put, can fail the next matching puts, and can hold them until
 * released. It injects faults only when told to, so it honours the ObjectStore contract otherwise.
 */
export class FaultyObjectStore implements ObjectStore {
  readonly #inner: ObjectStore;
  readonly #record: RecordLakeStep;
  #failWhen: (key: string) => boolean = () => false;
  #failuresLeft = 0;
  #failRetryable = true;
  #holdWhen: ((key: string) => boolean) | null = null;
  #held: Array<() => void> = [];

  constructor(inner: ObjectStore, record: RecordLakeStep = () => undefined) {
    this.#inner = inner;
    this.#record = record;
  }

  get location(): string {
    return this.#inner.location;
  }

  uriOf(key: string): string {
    return this.#inner.uriOf(key);
  }

  /** The next `times` matching puts fail, with an error that says whether retrying can help. */
  failPuts(times: number, when: (key: string) => boolean = () => true, retryable = true): void {
    this.#failuresLeft = times;
    this.#failWhen = when;
    this.#failRetryable = retryable;
  }

  /** Matching puts wait until release(). */
  hold(when: (key: string) => boolean): void {
    this.#holdWhen = when;
  }

  release(): void {
    this.#holdWhen = null;
    for (const resume of this.#held.splice(0)) resume();
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    if (this.#holdWhen?.(key)) await new Promise<void>((resume) => this.#held.push(resume));
    if (this.#failuresLeft > 0 && this.#failWhen(key)) {
      this.#failuresLeft--;
      this.#record({ kind: 'put', key, ok: false });
      throw new StorageError(`injected failure writing ${key}`, { retryable: this.#failRetryable });
    }
    await this.#inner.put(key, body);
    this.#record({ kind: 'put', key, ok: true });
  }

  get(key: string): Promise<Uint8Array | null> {
    return this.#inner.get(key);
  }

  delete(key: string): Promise<void> {
    return this.#inner.delete(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.#inner.list(prefix);
  }
}
