import type { SearchRow } from '../api.js';
import { useT } from '../i18n.js';
import { formatInZone } from '../zonedTime.js';

/** The whole event: its keys, and params, attributes and the app's own fields as formatted JSON text. */
export function EventDetail({ row, zone }: { row: SearchRow; zone: string }) {
  const t = useT();
  const { eventId, app, occurredAt, receivedAt, ...rest } = row;
  return (
    <section class="event-detail" aria-label={t('details')}>
      <dl>
        <dt>eventId</dt>
        <dd class="mono">{eventId}</dd>
        <dt>app</dt>
        <dd>{app}</dd>
        <dt>occurredAt</dt>
        <dd>
          {formatInZone(occurredAt, zone)} <small>({occurredAt})</small>
        </dd>
        <dt>receivedAt</dt>
        <dd>
          {formatInZone(receivedAt, zone)} <small>({receivedAt})</small>
        </dd>
      </dl>
      <pre class="json">{JSON.stringify(rest, null, 2)}</pre>
    </section>
  );
}
