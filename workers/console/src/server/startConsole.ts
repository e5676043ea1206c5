import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { serve } from '@hono/node-server';
import { resolveQueueUrl } from '@rireki/adapters/sqs';
import { createSearchClient, type PointerReader, type SearchClient } from '@rireki/sdk';
import { createConsoleApp } from './createConsoleApp.js';

export interface ConsoleOptions {
  readonly sqs: SQSClient;
  /** The search queue, by name or URL. */
  readonly searchQueue: string;
  /** The console's requester identity in signed mode; absent: unsigned requests (open access). */
  readonly requester?: { readonly name: string; readonly key: string };
  /** Address to listen on. @defaultValue 127.0.0.1 */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. @defaultValue 4580 */
  readonly port?: number;
  /** Access token for a console bound beyond loopback. @defaultValue a random one, printed at start */
  readonly token?: string;
  /** How long to wait for each reply of the query worker. @defaultValue 30000 */
  readonly timeoutMs?: number;
  /**
   * Reads replies the query worker left behind a pointer; on AWS they are in S3 (`s3PointerReader`).
   * @defaultValue file:// only, as the local stack writes them
   */
  readonly readPointer?: PointerReader;
  /** The built page. @defaultValue the package's dist/public */
  readonly assetsDir?: string;
}

export interface RunningConsole {
  /** Where the console is served. */
  readonly url: string;
  /** The URL a person opens first: with the token, when one is needed. */
  readonly startUrl: string;
  /** Whether every request needs the token (bound beyond loopback). */
  readonly tokenRequired: boolean;
  /** Stops serving and deletes the console's reply queue. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Serves the console: one search client (one reply queue) for every person's requests, the page,
 * and its API. On loopback only this machine's browsers reach it; bound beyond, each request needs
 * the token.
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const host = options.host ?? '127.0.0.1';
  const loopback = LOOPBACK.has(host);
  const token = loopback ? null : (options.token ?? randomBytes(24).toString('base64url'));
  const searchQueueUrl = await resolveQueueUrl(options.sqs, options.searchQueue);
  const client: SearchClient = await createSearchClient({
    sqs: options.sqs,
    searchQueueUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.readPointer === undefined ? {} : { readPointer: options.readPointer }),
    ...(options.requester === undefined
      ? {}
      : { requester: options.requester.name, key: options.requester.key }),
  });
  let server: ReturnType<typeof serve> | undefined;
  try {
    const port = await new Promise<number>((resolvePort, reject) => {
      // Until the port is known nothing can reach the server; then only its loopback names.
      let hosts: ReadonlySet<string> | null = loopback ? new Set() : null;
      const { app } = createConsoleApp({
        backend: client,
        requester: options.requester?.name ?? null,
        allowedHosts: () => hosts,
        token,
        // From src/server (tests) and dist/server alike: the page Vite built into dist/public.
        assetsDir: options.assetsDir ?? fileURLToPath(new URL('../../dist/public', import.meta.url)),
      });
      server = serve(
        { fetch: app.fetch, hostname: host, port: options.port ?? 4580 },
        (info: AddressInfo) => {
          if (loopback) {
            hosts = new Set([`127.0.0.1:${info.port}`, `localhost:${info.port}`, `[::1]:${info.port}`]);
          }
          resolvePort(info.port);
        },
      );
      server.once('error', reject);
    });
    // Bound to every address, the console is opened by this machine's name from elsewhere.
    const named = host === '0.0.0.0' || host === '::' ? hostname() : host;
    const shown = named.includes(':') ? `[${named}]` : named;
    const url = `http://${shown}:${port}/`;
    return {
      url,
      startUrl: token === null ? url : `${url}?token=${token}`,
      tokenRequired: token !== null,
      async close() {
        await new Promise<void>((done) => server?.close(() => done()) ?? done());
        await client.close();
      },
    };
  } catch (error) {
    server?.close();
    await client.close();
    throw error;
  }
}
