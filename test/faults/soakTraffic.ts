import type { SQSClient } from '@aws-sdk/client-sqs';
import { demoEvent } from '@rireki/cli';
import { createActionLogger } from '@rireki/sdk';

/** The apps of the soak and their share of the traffic: a busy shop, a blog, a quiet admin console. */
export const SOAK_APPS = [
  { app: 'shop', share: 0.5 },
  { app: 'blog', share: 0.3 },
  { app: 'admin', share: 0.2 },
] as const;
export type SoakApp = (typeof SOAK_APPS)[number]['app'];

const TICK_MS = 100;
/** After a stalled event loop, catch up by at most one second of traffic, not in one burst. */
const MAX_CATCH_UP_S = 1;

/** Per app: what the app logged and what SQS accepted, from the logger's own counters. */
export interface AppTraffic {
  readonly app: SoakApp;
  readonly logged: number;
  readonly accepted: number;
  readonly dropped: number;
  readonly failed: number;
}

export interface Traffic {
  /** Events handed to the loggers so far, all apps. */
  produced(): number;
  /** Problems the loggers reported (dropped or lost events), verbatim, the first few. */
  readonly problems: string[];
  /** Stops producing, sends what is buffered and resolves with each app's counters. */
  stop(): Promise<AppTraffic[]>;
}

/**
 * A steady `perSecond` of realistic events, each app through its own action logger as a real app
 * would, with the logger's bounded buffer. Paced against the clock, so the rate holds however the
 * timer drifts.
 */
export function startTraffic(sqs: SQSClient, queueUrl: string, perSecond: number): Traffic {
  const problems: string[] = [];
  let problemCount = 0;
  const loggers = SOAK_APPS.map(({ app }) => ({
    app,
    logger: createActionLogger({
      sqs,
      queueUrl,
      app,
      flushIntervalMs: 500,
      onError: (error) => {
        problemCount += 1;
        if (problems.length < 20) problems.push(`${app}: ${error.message}`);
      },
    }),
  }));
  const startedAt = Date.now();
  let produced = 0;
  let paced = 0;
  const pickApp = (): (typeof loggers)[number] => {
    let roll = Math.random();
    for (const [i, { share }] of SOAK_APPS.entries()) {
      roll -= share;
      if (roll < 0) return loggers[i] as (typeof loggers)[number];
    }
    return loggers[0] as (typeof loggers)[number];
  };
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - startedAt) / 1000) * perSecond) - paced;
    const count = Math.min(due, perSecond * MAX_CATCH_UP_S);
    for (let i = 0; i < count; i++) {
      const { app, logger } = pickApp();
      logger.log(demoEvent(app, Date.now()));
    }
    produced += Math.max(0, count);
    // What a long stall skipped beyond the catch-up is not owed later: the rate stays the rate.
    paced += Math.max(0, due);
  }, TICK_MS);

  return {
    produced: () => produced,
    problems,
    async stop() {
      clearInterval(timer);
      await Promise.all(loggers.map(({ logger }) => logger.close()));
      if (problemCount > problems.length) problems.push(`… ${problemCount - problems.length} more`);
      return loggers.map(({ app, logger }) => {
        const stats = logger.stats();
        return {
          app,
          logged: stats.logged,
          accepted: stats.sent,
          dropped: stats.dropped,
          failed: stats.failed,
        };
      });
    },
  };
}
