import { useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { useT } from '../i18n.js';
import { recordCounter } from '../recordCounter.js';
import type { MatchRequest } from '../searchRequest.js';

type Format = 'csv' | 'ndjson';
type Progress =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly rows: number; readonly total: number }
  | { readonly state: 'done'; readonly rows: number }
  | { readonly state: 'cancelled' }
  | { readonly state: 'failed'; readonly message: string };

/**
 * The whole result as a file, streamed page by page from the server with a progress bar; Cancel
 * stops the stream, and the server stops paging.
 */
export function ExportPanel({ request }: { request: MatchRequest & { order: 'asc' | 'desc' } }) {
  const t = useT();
  const [progress, setProgress] = useState<Progress>({ state: 'idle' });
  const abort = useRef<AbortController | null>(null);

  const run = async (format: Format) => {
    const controller = new AbortController();
    abort.current = controller;
    try {
      const response = await api.export[':format'].$post(
        { param: { format }, json: request },
        { init: { signal: controller.signal } },
      );
      if (!response.ok || response.body === null) {
        const body = (await response.json().catch(() => null)) as {
          error?: { code?: string; message?: string };
        } | null;
        throw new ApiError(
          response.status,
          body?.error?.code ?? 'HTTP',
          body?.error?.message ?? `HTTP ${response.status}`,
        );
      }
      const total = Number(response.headers.get('X-Rireki-Total') ?? 0);
      const reader = response.body.getReader();
      const parts: BlobPart[] = [];
      const counter = recordCounter(format);
      let lines = 0;
      const header = format === 'csv' ? 1 : 0;
      setProgress({ state: 'running', rows: 0, total });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        lines = counter.add(value);
        setProgress({ state: 'running', rows: Math.max(0, lines - header), total });
      }
      const blob = new Blob(parts, { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `rireki-export.${format}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      setProgress({ state: 'done', rows: Math.max(0, lines - header) });
    } catch (error) {
      if (controller.signal.aborted) setProgress({ state: 'cancelled' });
      else setProgress({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      abort.current = null;
    }
  };

  return (
    <fieldset class="export">
      <legend class="visually-hidden">{t('export')}</legend>
      <button type="button" disabled={progress.state === 'running'} onClick={() => run('csv')}>
        {t('exportCsv')}
      </button>
      <button type="button" disabled={progress.state === 'running'} onClick={() => run('ndjson')}>
        {t('exportNdjson')}
      </button>
      {progress.state === 'running' && (
        <>
          <progress max={Math.max(1, progress.total)} value={progress.rows} />
          <span data-testid="export-progress">
            {progress.rows} / {progress.total}
          </span>
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('cancel')}
          </button>
        </>
      )}
      {progress.state === 'done' && (
        <span role="status">
          {progress.rows} {t('exported')}
        </span>
      )}
      {progress.state === 'cancelled' && <span role="status">{t('cancelled')}</span>}
      {progress.state === 'failed' && (
        <span class="error" role="alert">
          {progress.message}
        </span>
      )}
    </fieldset>
  );
}
