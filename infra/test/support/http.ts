import { readFile } from 'node:fs/promises';

/** A JSON answer over a real socket. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `fetch` with a bearer token and a JSON body; the answer's body parsed when it is JSON. */
export async function call<T = Record<string, unknown>>(url: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | FormData | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(url, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') && text ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** A multipart upload of one file from disk with text fields (`POST /v1/documents`). */
export async function uploadForm(
  fields: Record<string, string>,
  file: { path: string; type: string },
): Promise<FormData> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const bytes = await readFile(file.path);
  form.append('file', new Blob([bytes], { type: file.type }), file.path.split('/').pop() ?? 'file');
  return form;
}

/** Polls `check` until it returns something truthy; throws with `what` after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
