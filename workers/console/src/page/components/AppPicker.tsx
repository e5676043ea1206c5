import { useT } from '../i18n.js';

/** The apps to search, as checkboxes; none chosen searches every app the console may see. */
export function AppPicker({
  apps,
  chosen,
  onChange,
}: {
  apps: readonly string[];
  chosen: readonly string[];
  onChange: (next: string[]) => void;
}) {
  const t = useT();
  return (
    <fieldset class="apps">
      <legend>
        {t('apps')} <small>({chosen.length === 0 ? t('everyApp') : chosen.length})</small>
      </legend>
      {apps.map((app) => (
        <label key={app} class="chip">
          <input
            type="checkbox"
            name="app"
            value={app}
            checked={chosen.includes(app)}
            onChange={(event) =>
              onChange(
                event.currentTarget.checked ? [...chosen, app] : chosen.filter((other) => other !== app),
              )
            }
          />
          {app}
        </label>
      ))}
    </fieldset>
  );
}
