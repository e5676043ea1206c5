import { useEffect, useState } from 'preact/hooks';
import { api, ok, type QuarantinePage } from '../api.js';
import { useT } from '../i18n.js';
import { ErrorBanner } from './ErrorBanner.js';

const DAY = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every app: the records whose raw input names no usable app are among them. */
const EVERY_APP = '';

/**
 * Recent quarantined records, of one app or (with a grant of every app) of all of them, app-less
 * records included, with their reasons and raw input as text. Shown as soon as the view opens,
 * and again whenever the app changes.
 */
export function QuarantineView({ apps, everyApp }: { apps: readonly string[]; everyApp: boolean }) {
  const t = useT();
  const [app, setApp] = useState(everyApp ? EVERY_APP : (apps[0] ?? ''));
  const [from, setFrom] = useState(utcDate(Date.now() - 6 * DAY));
  const [to, setTo] = useState(utcDate(Date.now()));
  const [page, setPage] = useState<QuarantinePage | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async (cursor?: string) => {
    setError(null);
    try {
      const next = await ok<QuarantinePage>(
        api.quarantine.$post({
          json: { ...(app === EVERY_APP ? {} : { app }), from, to, limit: 50, ...(cursor ? { cursor } : {}) },
        }),
      );
      setPage(
        cursor && page ? { records: [...page.records, ...next.records], nextCursor: next.nextCursor } : next,
      );
    } catch (caught) {
      setError(caught);
    }
  };

  // The dates apply on submit; a change of app loads at once.
  useEffect(() => {
    setPage(null);
    void load();
  }, [app]);

  return (
    <section class="quarantine" aria-label={t('tabQuarantine')}>
      <p>{t('quarantineHint')}</p>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <label>
          {t('app')}{' '}
          <select value={app} onChange={(e) => setApp(e.currentTarget.value)}>
            {everyApp && <option value={EVERY_APP}>{t('everyAppRecords')}</option>}
            {apps.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('from')} <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('to')} <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          {t('load')}
        </button>
      </form>
      <ErrorBanner error={error} />
      {page && page.records.length === 0 && <p>{t('noRecords')}</p>}
      {page && page.records.length > 0 && (
        <table class="rows">
          <thead>
            <tr>
              <th scope="col">quarantinedAt</th>
              <th scope="col">{t('reason')}</th>
              <th scope="col">{t('problems')}</th>
              <th scope="col">{t('raw')}</th>
            </tr>
          </thead>
          <tbody>
            {page.records.map((record) => (
              <tr key={`${record.file}:${record.line}`}>
                <td>{record.quarantinedAt}</td>
                <td>{record.reason}</td>
                <td>
                  <ul>
                    {record.problems.map((problem, i) => (
                      <li key={i}>
                        {problem.path !== '' && <code>{problem.path}</code>} {problem.message}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  <pre class="json">{record.raw}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.nextCursor && (
        <button type="button" onClick={() => load(page.nextCursor ?? undefined)}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
