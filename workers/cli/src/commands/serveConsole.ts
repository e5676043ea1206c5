import type { SQSClient } from '@aws-sdk/client-sqs';
import { type RunningConsole, startConsole } from '@rireki/console';
import { ENV_KEYS } from '@rireki/contracts';
import type { PointerReader } from '@rireki/sdk';
import { EXIT_IN_USE, StackStartError } from '../stack/dataDirLock.js';

export interface ServeConsoleOptions {
  readonly sqs: SQSClient;
  readonly searchQueue: string;
  readonly requester?: { readonly name: string; readonly key: string } | undefined;
  readonly host: string;
  readonly port: number;
  readonly token?: string | undefined;
  readonly timeoutMs?: number;
  readonly readPointer?: PointerReader;
  /** What sets the port, for the message when it is taken. */
  readonly portSource: string;
}

/** Starts the console, saying which setting to change when its port is taken. */
export async function serveConsole(options: ServeConsoleOptions): Promise<RunningConsole> {
  try {
    return await startConsole({
      sqs: options.sqs,
      searchQueue: options.searchQueue,
      host: options.host,
      port: options.port,
      ...(options.requester === undefined ? {} : { requester: options.requester }),
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.readPointer === undefined ? {} : { readPointer: options.readPointer }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StackStartError(
        `port ${options.port} on ${options.host} (the web console) is in use; stop what uses it or set ${options.portSource}`,
        EXIT_IN_USE,
      );
    }
    throw error;
  }
}

/** The lines that tell a person where the console is, and that it needs its token beyond loopback. */
export function consoleLines(running: RunningConsole, requester: string | undefined): string[] {
  const who = requester === undefined ? 'unsigned requests, open access' : `requester ${requester}`;
  const lines = [`  console        ${running.startUrl}   (${who})`];
  if (running.tokenRequired) {
    lines.push(
      `                 bound beyond this machine: every request needs the token (${ENV_KEYS.consoleToken}); open the URL above once`,
    );
  }
  return lines;
}
