import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../api.js';
import { useT } from '../i18n.js';
import { ALL_COLUMNS, PRESETS, type SearchState } from '../searchState.js';
import { instantOf, wallClockOf } from '../zonedTime.js';
import { AppPicker } from './AppPicker.js';
import { FilterEditor } from './FilterEditor.js';
import { TimeZonePicker } from './TimeZonePicker.js';

interface Props {
  readonly session: Session;
  readonly apps: readonly string[];
  readonly state: SearchState;
  readonly busy: boolean;
  readonly onSubmit: (next: SearchState) => void;
  /** The draft was refused here; the error of the search before no longer applies. */
  readonly onRefused: () => void;
}

/** The search form: edits a draft, and sends it as the new search on submit (Enter or the button). */
export function SearchForm({ session, apps, state, busy, onSubmit, onRefused }: Props) {
  const t = useT();
  const [draft, setDraft] = useState(state);
  const custom = 'from' in state.range ? state.range : null;
  const [from, setFrom] = useState(custom ? wallClockOf(custom.from, state.zone) : '');
  const [to, setTo] = useState(custom ? wallClockOf(custom.to, state.zone) : '');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setDraft(state);
    if ('from' in state.range) {
      setFrom(wallClockOf(state.range.from, state.zone));
      setTo(wallClockOf(state.range.to, state.zone));
    }
  }, [state]);
  const isCustom = 'from' in draft.range;

  const submit = (event: Event) => {
    event.preventDefault();
    if (!isCustom) {
      onSubmit(draft);
      return;
    }
    const fromInstant = instantOf(from, draft.zone);
    const toInstant = instantOf(to, draft.zone);
    // Which field cannot be read, and what it holds, before whether the two are in order.
    if (fromInstant === null || toInstant === null) {
      const [label, text] = fromInstant === null ? [t('from'), from] : [t('to'), to];
      setProblem(`${label} ${t('unreadableTime')} "${text}"`);
      onRefused();
      return;
    }
    if (fromInstant >= toInstant) {
      setProblem(t('invalidRange'));
      onRefused();
      return;
    }
    setProblem(null);
    onSubmit({ ...draft, range: { from: fromInstant, to: toInstant } });
  };

  return (
    <form class="search-form" onSubmit={submit} aria-label={t('tabSearch')}>
      <AppPicker
        apps={apps}
        chosen={draft.apps}
        onChange={(chosen) => setDraft({ ...draft, apps: chosen })}
      />
      <fieldset class="range">
        <legend>{t('range')}</legend>
        {PRESETS.map((preset) => (
          <label key={preset} class="chip">
            <input
              type="radio"
              name="range"
              value={preset}
              checked={'preset' in draft.range && draft.range.preset === preset}
              onChange={() => setDraft({ ...draft, range: { preset } })}
            />
            {preset}
          </label>
        ))}
        <label class="chip">
          <input
            type="radio"
            name="range"
            value="custom"
            checked={isCustom}
            onChange={() => {
              const now = Date.now();
              const start = new Date(now - 86_400_000).toISOString();
              const end = new Date(now).toISOString();
              if (from === '') setFrom(wallClockOf(start, draft.zone));
              if (to === '') setTo(wallClockOf(end, draft.zone));
              setDraft({ ...draft, range: { from: start, to: end } });
            }}
          />
          {t('custom')}
        </label>
        {isCustom && (
          <div class="custom-range">
            <label>
              {t('from')}{' '}
              <input name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} size={17} />
            </label>
            <label>
              {t('to')} <input name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} size={17} />
            </label>
            <small>{t('rangeHint')}</small>
          </div>
        )}
        <TimeZonePicker zone={draft.zone} onChange={(zone) => setDraft({ ...draft, zone })} />
      </fieldset>
      <FilterEditor
        fields={session.filterFields}
        rows={draft.filters}
        onChange={(filters) => setDraft({ ...draft, filters })}
      />
      <div class="row">
        <label>
          {t('text')}{' '}
          <input
            name="text"
            value={draft.text}
            onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('order')}{' '}
          <select
            name="order"
            value={draft.order}
            onChange={(e) => setDraft({ ...draft, order: e.currentTarget.value === 'asc' ? 'asc' : 'desc' })}
          >
            <option value="desc">{t('newest')}</option>
            <option value="asc">{t('oldest')}</option>
          </select>
        </label>
        <details class="columns">
          <summary>{t('columns')}</summary>
          {ALL_COLUMNS.map((column) => (
            <label key={column} class="chip">
              <input
                type="checkbox"
                checked={draft.columns.includes(column)}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    columns: e.currentTarget.checked
                      ? ALL_COLUMNS.filter((c) => c === column || draft.columns.includes(c))
                      : draft.columns.filter((c) => c !== column),
                  })
                }
              />
              {column}
            </label>
          ))}
        </details>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('searching') : t('submit')}
        </button>
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
