import { ApiError } from '../api.js';

/** A failure said in the query worker's own words, as text. */
export function ErrorBanner({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const text = error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}
