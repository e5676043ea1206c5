import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { SearchRow } from '../api.js';
import { useT } from '../i18n.js';
import { formatInZone } from '../zonedTime.js';
import { EventDetail } from './EventDetail.js';

const TIMES = new Set(['occurredAt', 'receivedAt']);

/** The rows in the chosen columns; a row opens to the whole event (click, Enter or Space). */
export function ResultsTable({
  rows,
  columns,
  zone,
  onUser,
}: {
  rows: readonly SearchRow[];
  columns: readonly string[];
  zone: string;
  onUser: (userId: string) => void;
}) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  if (rows.length === 0) return <p>{t('noResults')}</p>;
  const cell = (row: SearchRow, column: string) => {
    const value = row[column];
    if (value === undefined || value === null) return '';
    if (TIMES.has(column) && typeof value === 'string') return formatInZone(value, zone);
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  return (
    <table class="rows">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const key = `${row.app}/${row.eventId}/${row.occurredAt}`;
          const toggle = () => setOpen(open === key ? null : key);
          return (
            <Fragment key={key}>
              <tr
                class="result"
                tabIndex={0}
                aria-expanded={open === key}
                data-event-id={row.eventId}
                onClick={toggle}
                onKeyDown={(event) => {
                  if (event.target !== event.currentTarget) return;
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    toggle();
                  }
                }}
              >
                {columns.map((column) => (
                  <td key={column} class={column}>
                    {column === 'userId' && row.userId !== undefined && row.userId !== null ? (
                      <button
                        type="button"
                        class="link"
                        title={t('showTimeline')}
                        onClick={(event) => {
                          event.stopPropagation();
                          onUser(String(row.userId));
                        }}
                      >
                        {String(row.userId)}
                      </button>
                    ) : (
                      cell(row, column)
                    )}
                  </td>
                ))}
              </tr>
              {open === key && (
                <tr class="detail">
                  <td colSpan={columns.length}>
                    <EventDetail row={row} zone={zone} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
