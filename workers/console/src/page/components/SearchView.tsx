import { useEffect, useState } from 'preact/hooks';
import {
  api,
  type Histogram as HistogramReply,
  ok,
  type SearchPage,
  type Session,
  type TopValues as TopValuesReply,
} from '../api.js';
import { useT } from '../i18n.js';
import { type MatchRequest, matchRequest } from '../searchRequest.js';
import type { SearchState } from '../searchState.js';
import { ErrorBanner } from './ErrorBanner.js';
import { ExportPanel } from './ExportPanel.js';
import { Histogram } from './Histogram.js';
import { ResultsTable } from './ResultsTable.js';
import { SearchForm } from './SearchForm.js';
import { TopValues } from './TopValues.js';

interface Props {
  readonly session: Session;
  readonly apps: readonly string[];
  readonly state: SearchState;
  readonly onChange: (next: SearchState) => void;
}

const PAGE_ROWS = 50;

/** One search: the form, then its results, histogram and top values, each shown as it arrives. */
export function SearchView({ session, apps, state, onChange }: Props) {
  const t = useT();
  const [match, setMatch] = useState<MatchRequest | null>(null);
  const [page, setPage] = useState<Pick<SearchPage, 'rows' | 'nextCursor' | 'total'> | null>(null);
  const [histogram, setHistogram] = useState<HistogramReply | null>(null);
  const [top, setTop] = useState<TopValuesReply | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (apps.length === 0) return;
    const built = matchRequest(state, apps, session.numericFields, Date.now());
    setPage(null);
    setHistogram(null);
    setTop(null);
    setError(null);
    if ('problems' in built) {
      setError(new Error(built.problems.join('; ')));
      return;
    }
    const request = built.request;
    setMatch(request);
    setBusy(true);
    let current = true;
    const keep =
      <T,>(set: (value: T) => void) =>
      (value: T) => {
        if (current) set(value);
      };
    const fail = keep(setError);
    ok<SearchPage>(
      api.search.$post({ json: { ...request, order: state.order, limit: PAGE_ROWS, includeTotal: true } }),
    )
      .then(keep(setPage), fail)
      .finally(() => current && setBusy(false));
    ok<HistogramReply>(api.histogram.$post({ json: { ...request, timeZone: state.zone } })).then(
      keep(setHistogram),
      fail,
    );
    ok<TopValuesReply>(api.top.$post({ json: { ...request, limit: 5 } })).then(keep(setTop), fail);
    return () => {
      current = false;
    };
  }, [state, apps]);

  const loadMore = async () => {
    if (!match || !page?.nextCursor) return;
    setBusy(true);
    try {
      const next = await ok<SearchPage>(
        api.search.$post({
          json: { ...match, order: state.order, limit: PAGE_ROWS, cursor: page.nextCursor },
        }),
      );
      setPage({ ...page, rows: [...page.rows, ...next.rows], nextCursor: next.nextCursor });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const addFilter = (field: string, value: string) =>
    onChange({ ...state, filters: [...state.filters, { field, op: '=', value }] });
  const showUser = (userId: string) =>
    onChange({
      ...state,
      filters: [
        ...state.filters.filter((row) => row.field !== 'userId'),
        { field: 'userId', op: '=', value: userId },
      ],
    });
  const userFilter = state.filters.find((row) => row.field === 'userId' && row.op === '=');

  if (apps.length === 0) return <p>{t('noApps')}</p>;
  return (
    <div class="search">
      <SearchForm
        session={session}
        apps={apps}
        state={state}
        busy={busy}
        onSubmit={onChange}
        onRefused={() => setError(null)}
      />
      <ErrorBanner error={error} />
      {userFilter && (
        <h2 class="timeline">
          {t('timeline')} <span class="mono">{userFilter.value}</span>
        </h2>
      )}
      <div class="panels">
        <section class="results" aria-label={t('tabSearch')}>
          {page && (
            <p class="total" data-testid="total">
              <strong>{page.total ?? page.rows.length}</strong> {t('total')}
            </p>
          )}
          {match && page && <ExportPanel request={{ ...match, order: state.order }} />}
          {page && (
            <ResultsTable rows={page.rows} columns={state.columns} zone={state.zone} onUser={showUser} />
          )}
          {page?.nextCursor && (
            <button type="button" class="more" disabled={busy} onClick={loadMore}>
              {t('loadMore')}
            </button>
          )}
        </section>
        <aside>
          {histogram && (
            <Histogram
              reply={histogram}
              zone={state.zone}
              onZoom={(from, to) => onChange({ ...state, range: { from, to } })}
            />
          )}
          {top && <TopValues reply={top} onPick={addFilter} />}
        </aside>
      </div>
    </div>
  );
}
