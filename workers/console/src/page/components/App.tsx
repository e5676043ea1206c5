import { useEffect, useMemo, useState } from 'preact/hooks';
import { type AppList, api, ok, type Session } from '../api.js';
import { I18n, initialLanguage, LANGUAGES, type Language } from '../i18n.js';
import { initialState, type SearchState, stateFromUrl, stateToUrl } from '../searchState.js';
import { browserZone } from '../zonedTime.js';
import { ErrorBanner } from './ErrorBanner.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { QuarantineView } from './QuarantineView.js';
import { SearchView } from './SearchView.js';

const ZONE_KEY = 'rireki.zone';

/** The console: who it is, which apps it may see, and the search or the quarantine. */
export function App() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const t = useMemo(() => (key: keyof (typeof LANGUAGES)['en']) => LANGUAGES[language][key], [language]);
  const [session, setSession] = useState<Session | null>(null);
  const [apps, setApps] = useState<AppList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fallback = initialState(localStorage.getItem(ZONE_KEY) ?? browserZone());
  const [{ state, tab }, setLocation] = useState(() => stateFromUrl(location.search, fallback));

  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem('rireki.language', language);
  }, [language]);
  useEffect(() => {
    Promise.all([ok<Session>(api.session.$get()), ok<AppList>(api.apps.$get())])
      .then(([s, a]) => {
        setSession(s);
        setApps(a);
      })
      .catch(setError);
    const onPop = () => setLocation(stateFromUrl(location.search, fallback));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const navigate = (next: SearchState, nextTab = tab) => {
    localStorage.setItem(ZONE_KEY, next.zone);
    history.pushState(null, '', stateToUrl(next, nextTab));
    setLocation({ state: next, tab: nextTab });
  };

  return (
    <I18n.Provider value={t}>
      <header class="top">
        <h1>rireki · {t('title')}</h1>
        <nav aria-label="views">
          <button type="button" aria-pressed={tab === 'search'} onClick={() => navigate(state, 'search')}>
            {t('tabSearch')}
          </button>
          <button
            type="button"
            aria-pressed={tab === 'quarantine'}
            onClick={() => navigate(state, 'quarantine')}
          >
            {t('tabQuarantine')}
          </button>
        </nav>
        <span class="who">
          {t('requester')}: {session === null ? '…' : (session.requester ?? t('openAccess'))}
        </span>
        <LanguageSwitch language={language} onChange={setLanguage} />
      </header>
      <main>
        <ErrorBanner error={error} />
        {session && apps && tab === 'search' && (
          <SearchView session={session} apps={apps.apps} state={state} onChange={(next) => navigate(next)} />
        )}
        {session && apps && tab === 'quarantine' && (
          <QuarantineView apps={apps.apps} everyApp={apps.everyApp} />
        )}
      </main>
    </I18n.Provider>
  );
}
