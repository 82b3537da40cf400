import type { ApiClient } from '../api/client.ts';

/**
 * Fetches a protected file with the bearer token (a plain link would carry none) and saves it
 * under `filename` through a temporary object URL.
 */
export async function download(api: ApiClient, path: string, filename: string): Promise<void> {
  const blob = await api.blob(path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
