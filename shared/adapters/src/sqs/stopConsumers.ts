import type { Consumer } from 'sqs-consumer';

/** Stops sqs-consumer loops and resolves once each has finished its receive and handlers. */
export function stopConsumers(consumers: readonly Consumer[]): Promise<void> {
  return Promise.all(
    consumers.map(
      (consumer) =>
        new Promise<void>((resolve) => {
          if (!consumer.status.isRunning) return resolve();
          consumer.once('stopped', () => resolve());
          consumer.stop();
        }),
    ),
  ).then(() => undefined);
}
