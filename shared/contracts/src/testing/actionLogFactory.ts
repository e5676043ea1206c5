/** Test inputs of contract v1, shared by the packages that check events. Not part of the build. */

/** A valid action-log v1 event (occurredAt 2026-11-23T23:30Z), with any field replaced or added. */
export function actionLogFactory(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    app: 'shop',
    occurredAt: '2026-11-24T08:30:00+09:00',
    eventId: 'evt-1',
    action: 'OrderController@store',
    method: 'POST',
    path: '/orders',
    status: 201,
    durationMs: 12.5,
    userId: 'u-1',
    ...fields,
  };
}

/** Shortcut for the worker clock in tests: the receive time of every event unless a test says otherwise. */
export const RECEIVED_AT_MS = Date.parse('2026-11-24T00:00:00Z');
