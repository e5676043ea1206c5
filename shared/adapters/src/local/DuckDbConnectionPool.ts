import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryEngineError } from '@rireki/ports';

/** A fixed set of connections lent out one query at a time, waiting callers served in order. */
export class ConnectionPool {
  readonly #idle: DuckDBConnection[];
  readonly #all: readonly DuckDBConnection[];
  readonly #waiting: Array<(connection: DuckDBConnection) => void> = [];
  #drained: (() => void) | null = null;

  constructor(connections: DuckDBConnection[]) {
    this.#idle = [...connections];
    this.#all = connections;
  }

  acquire(timeoutMs: number): Promise<DuckDBConnection> {
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    return new Promise((resolvePromise, reject) => {
      const waiter = (connection: DuckDBConnection) => {
        clearTimeout(timer);
        resolvePromise(connection);
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(
          new QueryEngineError(`no free connection within ${timeoutMs} ms`, {
            timedOut: true,
          }),
        );
      }, timeoutMs);
      this.#waiting.push(waiter);
    });
  }

  release(connection: DuckDBConnection): void {
    const next = this.#waiting.shift();
    if (next) {
      next(connection);
      return;
    }
    this.#idle.push(connection);
    if (this.#drained && this.#idle.length === this.#all.length) this.#drained();
  }

  /** Resolves with every connection once none is lent out. */
  drain(): Promise<readonly DuckDBConnection[]> {
    if (this.#idle.length === this.#all.length) return Promise.resolve(this.#all);
    return new Promise((resolvePromise) => {
      this.#drained = () => resolvePromise(this.#all);
    });
  }
}
