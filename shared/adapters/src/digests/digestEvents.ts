import type { Logger } from '../createLogger.js';
import type { DigestLedgerEvents } from './DigestLedger.js';

/** The log lines of a writer's digest chain, the same in every worker that writes to the lake. */
export const DIGEST_EVENTS = {
  sealed: 'digest.sealed',
  sealFailed: 'digest.seal.failed',
  pendingRefused: 'digest.pending.refused',
} as const satisfies Record<keyof DigestLedgerEvents, string>;

export function digestEvents(logger: Logger): DigestLedgerEvents {
  return {
    sealed: (fields) => logger.info({ event: DIGEST_EVENTS.sealed, ...fields }, 'digest sealed'),
    sealFailed: (fields) =>
      logger.warn(
        { event: DIGEST_EVENTS.sealFailed, ...fields },
        'could not write a digest; its records wait for the next',
      ),
    pendingRefused: (fields) =>
      logger.error(
        { event: DIGEST_EVENTS.pendingRefused, ...fields },
        'a pending record in the lake is not one rireki signed; it is left for rireki verify to report',
      ),
  };
}
