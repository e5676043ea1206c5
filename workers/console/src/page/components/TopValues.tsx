import type { TopValues as TopValuesReply } from '../api.js';
import { useT } from '../i18n.js';

/** The most frequent values of each field; clicking one adds it as a filter. */
export function TopValues({
  reply,
  onPick,
}: {
  reply: TopValuesReply;
  onPick: (field: string, value: string) => void;
}) {
  const t = useT();
  return (
    <section class="top-values" aria-label={t('top')}>
      <h2>{t('top')}</h2>
      {reply.fields.map((field) => (
        <div key={field.field} class="top-field" data-field={field.field}>
          <h3>{field.field}</h3>
          <ol>
            {field.values.map((entry) => (
              <li key={String(entry.value)}>
                {entry.value === null ? (
                  <span class="none">—</span>
                ) : (
                  <button
                    type="button"
                    class="link"
                    title={t('addAsFilter')}
                    onClick={() => onPick(field.field, String(entry.value))}
                  >
                    {String(entry.value)}
                  </button>
                )}{' '}
                <span class="count">{entry.count}</span>
              </li>
            ))}
          </ol>
          {field.others > 0 && (
            <small>
              {t('others')} {field.others}
            </small>
          )}
        </div>
      ))}
    </section>
  );
}
