import {
  ACTION_LOG_COLUMNS,
  columnOfField,
  isNumericColumn,
  SEARCH_FILTER_FIELDS,
  type SearchFilterField,
} from '@rireki/contracts';

/** What a search reads of each row: the partition's app and every column of the table. */
export const SELECTED_COLUMNS: readonly string[] = [
  'app',
  ...ACTION_LOG_COLUMNS.map((column) => column.name),
];

export interface FilterColumn {
  readonly name: string;
  /** Compared as a number (status, duration_ms) rather than as text. */
  readonly numeric: boolean;
}

const FILTER_COLUMNS = new Map<string, FilterColumn>(
  SEARCH_FILTER_FIELDS.map((field) => {
    const column = columnOfField(field);
    if (!column) throw new Error(`search filter ${field} has no column in ACTION_LOG_COLUMNS`);
    return [field, { name: column.name, numeric: isNumericColumn(column) }];
  }),
);

/** The column behind a filter field of the search contract, e.g. durationMs -> duration_ms. */
export function filterColumn(field: SearchFilterField): FilterColumn {
  const column = FILTER_COLUMNS.get(field);
  if (!column) throw new Error(`unknown search filter field ${field}`);
  return column;
}
