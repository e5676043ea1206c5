import type { AddressInfo } from 'node:net';
import { buildApp } from 'fauxqs';
import { loadFauxqsPersistence, type QueueSync } from './fauxqsPersistence.js';

export interface EmbeddedSqs {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly port: number;
  /** The address the endpoint listens on: the loopback address it was given, never all interfaces. */
  readonly address: string;
  /** Where the endpoint keeps its state, or undefined when it keeps it in memory only. */
  readonly dataDir: string | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedSqsOptions {
  /** 0 picks a free port. @defaultValue 4566 */
  readonly port?: number;
  /** @defaultValue 127.0.0.1 */
  readonly host?: string;
  /**
   * Directory of the endpoint's SQLite database. Every change (a send, a receive with its
   * visibility deadline, a delete) is committed before the call is answered, so queues and their
   * ready, delayed and in-flight messages survive a stop, a crash or SIGKILL of this process.
   * Omit to keep everything in memory. @defaultValue undefined (in memory)
   */
  readonly dataDir?: string;
  /** How hard each commit of a durable endpoint is pushed to disk (see QueueSync). @defaultValue 'normal' */
  readonly sync?: QueueSync;
}

/**
 * Starts the embedded SQS-compatible endpoint (fauxqs) in this process, listening on loopback only.
 *
 * fauxqs's own `startFauxqs` is what wires its SQLite persistence, but it always listens on
 * 0.0.0.0, which would put an unauthenticated queue on every network the machine is on. So the
 * endpoint is built here from the same parts (`buildApp` with persistent stores) and bound to the
 * loopback host. The caller makes sure that one process at a time uses a `dataDir`: SQLite would
 * accept two, and each would then hand out the other's messages.
 */
export async function startEmbeddedSqs(options: EmbeddedSqsOptions = {}): Promise<EmbeddedSqs> {
  const host = options.host ?? '127.0.0.1';
  const persistent =
    options.dataDir === undefined
      ? undefined
      : await loadFauxqsPersistence(options.dataDir, options.sync ?? 'normal');
  const app = buildApp({
    logger: false,
    ...(persistent === undefined ? {} : { stores: persistent.stores }),
  });
  if (persistent !== undefined) app.addHook('preClose', () => persistent.close());
  try {
    await app.listen({ port: options.port ?? 4566, host });
  } catch (error) {
    await app.close().catch(() => undefined);
    persistent?.close();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    address: address.address,
    dataDir: options.dataDir,
    stop: async () => {
      await app.close();
    },
  };
}
