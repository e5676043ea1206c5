import { FILTER_OPS, type FilterOp, type FilterRow } from '../filterRows.js';
import { useT } from '../i18n.js';

/** Filter lines: a field (or attributes.<name>), an operator, a value (`a|b` for any of). */
export function FilterEditor({
  fields,
  rows,
  onChange,
}: {
  fields: readonly string[];
  rows: readonly FilterRow[];
  onChange: (rows: FilterRow[]) => void;
}) {
  const t = useT();
  const set = (i: number, change: Partial<FilterRow>) =>
    onChange(rows.map((row, j) => (j === i ? { ...row, ...change } : row)));
  return (
    <fieldset class="filters">
      <legend>{t('filters')}</legend>
      <datalist id="rireki-fields">
        {fields.map((field) => (
          <option key={field} value={field} />
        ))}
        <option value="attributes." />
      </datalist>
      {rows.map((row, i) => (
        <div class="filter" key={i}>
          <input
            aria-label={t('field')}
            name={`filter-field-${i}`}
            list="rireki-fields"
            value={row.field}
            onInput={(e) => set(i, { field: e.currentTarget.value })}
            size={14}
          />
          <select
            aria-label={t('operator')}
            name={`filter-op-${i}`}
            value={row.op}
            onChange={(e) => set(i, { op: e.currentTarget.value as FilterOp })}
          >
            {FILTER_OPS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
          <input
            aria-label={t('value')}
            name={`filter-value-${i}`}
            value={row.value}
            onInput={(e) => set(i, { value: e.currentTarget.value })}
          />
          <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {t('removeFilter')}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { field: 'status', op: '=', value: '' }])}>
        {t('addFilter')}
      </button>
    </fieldset>
  );
}
