import { ApiError, NetworkError, SessionLostError, type Problem } from './errors.ts';

/** The user as the gateway describes it. */
export interface User {
  id: string;
  username: string;
  name: string;
  role: string;
  regionCode: string;
}

/** Answer of login and refresh. */
export interface Session {
  accessToken: string;
  expiresIn: number;
  csrfToken: string;
  user: User;
}

export interface ApiClientOptions {
  fetch: typeof fetch;
  /** Value of a cookie readable by scripts (`siks_csrf`). */
  readCookie: (name: string) => string | undefined;
  /** `Accept-Language` of every request. */
  language: () => string;
  /** Called once a session ends for good (refresh refused): show the login page. */
  onSessionLost?: () => void;
  /** Called after each successful login or refresh. */
  onSession?: (session: Session) => void;
  /**
   * Runs the refresh under a lock shared by every tab (Web Locks): the gateway revokes the whole
   * session when a spent refresh token is presented again, so two tabs must not refresh at once.
   */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
  baseUrl?: string;
}

export interface RequestOptions {
  /** A JSON body (sent with `content-type: application/json`). */
  json?: unknown;
  /** Any other body (FormData, Blob); its content type is the browser's. */
  body?: BodyInit;
  /** Revision for `If-Match` (sent as `"n"`), or a raw ETag. */
  ifMatch?: string | number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  etag: string | null;
  headers: Headers;
}

export interface ApiClient {
  /** `totp`: the second factor's code, when the gateway asked for it (problem `totp_required`). */
  login(username: string, password: string, totp?: string): Promise<Session>;
  /** Renews the access token from the refresh cookie (one request at a time). */
  refresh(): Promise<Session>;
  logout(): Promise<void>;
  /** Changes the signed-in person's password; the answer is a fresh session (every other one ends). */
  changePassword(currentPassword: string, newPassword: string): Promise<Session>;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  /** The bytes of a protected resource (a document's content) as a Blob. */
  blob(path: string, options?: RequestOptions): Promise<Blob>;
  hasToken(): boolean;
  /** Forgets the token (memory only). */
  clear(): void;
}

const CSRF_COOKIE = 'siks_csrf';

/**
 * The console's HTTP client. The access token lives in this closure only (never in storage).
 * On a 401 `token_expired` it refreshes once (X-CSRF-Token from the `siks_csrf` cookie) and
 * retries the request silently; concurrent requests share one refresh.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl ?? '';
  let accessToken: string | undefined;
  let csrfToken: string | undefined;
  let refreshing: Promise<Session> | undefined;

  const accept = (session: Session): Session => {
    accessToken = session.accessToken;
    csrfToken = session.csrfToken;
    options.onSession?.(session);
    return session;
  };

  async function send(method: string, path: string, init: RequestOptions, auth: boolean): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      'accept-language': options.language(),
      ...init.headers,
    };
    if (auth && accessToken) headers['authorization'] = `Bearer ${accessToken}`;
    if (init.ifMatch !== undefined)
      headers['if-match'] = typeof init.ifMatch === 'number' ? `"${init.ifMatch}"` : init.ifMatch;
    let body: BodyInit | undefined = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    try {
      return await options.fetch(base + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'AbortError') throw error;
      throw new NetworkError(error);
    }
  }

  async function failure(response: Response): Promise<ApiError> {
    let problem: Problem | undefined;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      try {
        problem = (await response.json()) as Problem;
      } catch {
        problem = undefined;
      }
    }
    return new ApiError(response.status, problem, response.headers);
  }

  /**
   * Whether to refresh and retry: a 401 `token_expired` — or any 401 to a request that carried a
   * token (a gateway restart, a rotated key); a refused refresh then ends the session.
   */
  const expired = async (response: Response, hadToken: boolean): Promise<boolean> => {
    if (response.status !== 401) return false;
    if (hadToken) return true;
    const header = response.headers.get('www-authenticate') ?? '';
    if (/expired/i.test(header)) return true;
    const error = await failure(response.clone());
    return error.code === 'token_expired';
  };

  async function authCall(path: string, json?: unknown): Promise<Response> {
    const csrf = options.readCookie(CSRF_COOKIE) ?? csrfToken ?? '';
    return send('POST', path, { json: json ?? {}, headers: { 'x-csrf-token': csrf } }, false);
  }

  async function refreshNow(): Promise<Session> {
    const response = await authCall('/v1/auth/refresh');
    if (!response.ok) {
      const error = await failure(response);
      if (response.status === 401 || response.status === 403) {
        accessToken = undefined;
        throw new SessionLostError();
      }
      throw error;
    }
    return accept((await response.json()) as Session);
  }

  const client: ApiClient = {
    async login(username, password, totp) {
      const json = { username, password, ...(totp ? { totp } : {}) };
      const response = await send('POST', '/v1/auth/login', { json }, false);
      if (!response.ok) throw await failure(response);
      return accept((await response.json()) as Session);
    },
    async changePassword(currentPassword, newPassword) {
      // No refresh-and-retry: a 401 here means the current password was wrong.
      const response = await send('POST', '/v1/auth/password', { json: { currentPassword, newPassword } }, true);
      if (!response.ok) throw await failure(response);
      return accept((await response.json()) as Session);
    },
    refresh() {
      refreshing ??= (async () => {
        try {
          if (options.lock) return await options.lock(() => refreshNow());
          return await refreshNow();
        } finally {
          refreshing = undefined;
        }
      })();
      return refreshing;
    },
    async logout() {
      try {
        await authCall('/v1/auth/logout');
      } finally {
        accessToken = undefined;
        csrfToken = undefined;
      }
    },
    async request<T>(method: string, path: string, init: RequestOptions = {}): Promise<ApiResponse<T>> {
      const hadToken = accessToken !== undefined;
      let response = await send(method, path, init, true);
      if (await expired(response, hadToken)) {
        try {
          await client.refresh();
        } catch (error) {
          if (error instanceof SessionLostError) options.onSessionLost?.();
          throw error;
        }
        response = await send(method, path, init, true);
      }
      if (!response.ok) {
        const error = await failure(response);
        if (response.status === 401) {
          accessToken = undefined;
          options.onSessionLost?.();
        }
        throw error;
      }
      const type = response.headers.get('content-type') ?? '';
      const data =
        response.status === 204 ? undefined : type.includes('json') ? await response.json() : await response.text();
      return {
        status: response.status,
        data: data as T,
        etag: response.headers.get('etag'),
        headers: response.headers,
      };
    },
    async get<T>(path: string, init?: RequestOptions): Promise<T> {
      return (await client.request<T>('GET', path, init)).data;
    },
    async blob(path, init = {}) {
      const hadToken = accessToken !== undefined;
      let response = await send('GET', path, { ...init, headers: { accept: '*/*', ...init.headers } }, true);
      if (await expired(response, hadToken)) {
        await client.refresh();
        response = await send('GET', path, { ...init, headers: { accept: '*/*', ...init.headers } }, true);
      }
      if (!response.ok) throw await failure(response);
      return response.blob();
    },
    hasToken: () => accessToken !== undefined,
    clear() {
      accessToken = undefined;
      csrfToken = undefined;
    },
  };
  return client;
}

/** Reads a cookie by name from a `document.cookie` string. */
export function cookieValue(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The revision an ETag names (`"3"` → 3). */
export function revisionOf(etag: string | null | undefined): number | undefined {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(etag ?? '');
  return match ? Number(match[1]) : undefined;
}
