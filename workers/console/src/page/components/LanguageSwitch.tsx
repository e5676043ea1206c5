import { type Language, useT } from '../i18n.js';

export function LanguageSwitch({
  language,
  onChange,
}: {
  language: Language;
  onChange: (next: Language) => void;
}) {
  const t = useT();
  return (
    <label class="language">
      {t('language')}{' '}
      <select
        value={language}
        onChange={(event) => onChange(event.currentTarget.value === 'ja' ? 'ja' : 'en')}
      >
        <option value="en">English</option>
        <option value="ja">日本語</option>
      </select>
    </label>
  );
}
