// Files the API hands out (PDFs, workbooks, bank files). A plain link cannot carry the bearer
// token, so each is fetched with the session and given to the browser as a download.
import { authFetch } from './client';
import { ApiError } from './problem';
import { apiBase } from '../auth/session';

/** The name the server gives the file (RFC 6266 `filename*`), else a fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) return decodeURIComponent(star);
  return disposition?.match(/filename="?([^";]+)"?/i)?.[1] ?? fallback;
}

/** Fetches `path` (under the API base) with the session's token; a problem+json answer becomes ApiError. */
export async function fetchFile(path: string, fallbackName: string): Promise<{ blob: Blob; name: string }> {
  let response: Response;
  try {
    response = await authFetch(new Request(`${apiBase()}${path}`));
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw ApiError.fromResponse(response, body);
  }
  return { blob: await response.blob(), name: fileNameOf(response.headers.get('Content-Disposition'), fallbackName) };
}

/** Saves a file the way a link with `download` does. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers start the download after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const { blob, name } = await fetchFile(path, fallbackName);
  saveBlob(blob, name);
}
