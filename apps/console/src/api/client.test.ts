import { describe, expect, it } from 'vitest';
import { cookieValue, createApiClient, revisionOf, type Session } from './client.ts';
import { ApiError, NetworkError, SessionLostError } from './errors.ts';

const session = (token: string): Session => ({
  accessToken: token,
  expiresIn: 900,
  csrfToken: 'csrf-from-body',
  user: { id: 'u1', username: 'operator.a', name: 'Operator A', role: 'operator_desa', regionCode: '52.02.01.2001' },
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** A fake gateway: tokens "t1", "t2"…; `expired` holds tokens it refuses with token_expired. */
function fakeGateway(options: { refreshOk?: boolean } = {}) {
  const calls: Call[] = [];
  const expired = new Set<string>();
  /** Tokens refused with a plain 401 (no "expired"), e.g. after a key rotation. */
  const refused = new Set<string>();
  let issued = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const call: Call = { url: String(input), method: init.method ?? 'GET', headers };
    if (typeof init.body === 'string') call.body = init.body;
    calls.push(call);
    if (call.url === '/v1/auth/login') return json(200, session(`t${(issued += 1)}`));
    if (call.url === '/v1/auth/refresh') {
      if (options.refreshOk === false) return json(401, { code: 'unauthorized', title: 'Unauthorized' });
      if (headers['x-csrf-token'] !== 'csrf-cookie') return json(403, { code: 'forbidden', title: 'Forbidden' });
      return json(200, session(`t${(issued += 1)}`));
    }
    const token = (headers['authorization'] ?? '').replace('Bearer ', '');
    if (token === '' && call.url === '/v1/private')
      return json(401, { code: 'unauthorized', title: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
    if (refused.has(token))
      return json(401, { code: 'unauthorized', title: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
    if (expired.has(token))
      return json(
        401,
        { code: 'token_expired', title: 'Expired' },
        { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' },
      );
    return json(200, { ok: true, token }, { etag: '"4"' });
  };
  return { fetch, calls, expired, refused };
}

const client = (gateway: ReturnType<typeof fakeGateway>, lost: { count: number } = { count: 0 }) =>
  createApiClient({
    fetch: gateway.fetch as typeof fetch,
    readCookie: (name) => (name === 'siks_csrf' ? 'csrf-cookie' : undefined),
    language: () => 'en',
    onSessionLost: () => {
      lost.count += 1;
    },
  });

describe('api client', () => {
  it('sends the bearer token, the language and If-Match', async () => {
    const gateway = fakeGateway();
    const api = client(gateway);
    await api.login('operator.a', 'secret');
    const answer = await api.request<{ token: string }>('PATCH', '/v1/intake/proposals/x', {
      json: { a: 1 },
      ifMatch: 3,
    });
    expect(answer.etag).toBe('"4"');
    const call = gateway.calls.at(-1);
    expect(call?.headers['authorization']).toBe('Bearer t1');
    expect(call?.headers['accept-language']).toBe('en');
    expect(call?.headers['if-match']).toBe('"3"');
    expect(call?.body).toBe('{"a":1}');
  });

  it('on token_expired refreshes once with the CSRF cookie and retries silently', async () => {
    const gateway = fakeGateway();
    const api = client(gateway);
    await api.login('operator.a', 'secret');
    gateway.expired.add('t1');
    const answer = await api.get<{ token: string }>('/v1/intake/proposals');
    expect(answer.token).toBe('t2');
    expect(gateway.calls.map((call) => call.url)).toEqual([
      '/v1/auth/login',
      '/v1/intake/proposals',
      '/v1/auth/refresh',
      '/v1/intake/proposals',
    ]);
    expect(gateway.calls[2]?.headers['x-csrf-token']).toBe('csrf-cookie');
  });

  it('refreshes on any 401 to a request that carried a token, but not on one that carried none', async () => {
    const gateway = fakeGateway();
    const lost = { count: 0 };
    const api = client(gateway, lost);
    const anonymous = await api.get('/v1/private').catch((error: unknown) => error);
    expect(anonymous).toBeInstanceOf(ApiError);
    expect(gateway.calls.filter((call) => call.url === '/v1/auth/refresh')).toHaveLength(0);
    expect(lost.count).toBe(1);
    await api.login('operator.a', 'secret');
    gateway.refused.add('t1');
    expect((await api.get<{ token: string }>('/v1/b')).token).toBe('t2');
    expect(gateway.calls.filter((call) => call.url === '/v1/auth/refresh')).toHaveLength(1);
  });

  it('shares one refresh between concurrent requests', async () => {
    const gateway = fakeGateway();
    const api = client(gateway);
    await api.login('operator.a', 'secret');
    gateway.expired.add('t1');
    await Promise.all([api.get('/v1/a'), api.get('/v1/b'), api.get('/v1/c')]);
    expect(gateway.calls.filter((call) => call.url === '/v1/auth/refresh')).toHaveLength(1);
  });

  it('reports a lost session when the refresh is refused, without retrying again', async () => {
    const gateway = fakeGateway({ refreshOk: false });
    const lost = { count: 0 };
    const api = client(gateway, lost);
    await api.login('operator.a', 'secret');
    gateway.expired.add('t1');
    await expect(api.get('/v1/a')).rejects.toBeInstanceOf(SessionLostError);
    expect(lost.count).toBe(1);
    expect(api.hasToken()).toBe(false);
    expect(gateway.calls.filter((call) => call.url === '/v1/a')).toHaveLength(1);
  });

  it('turns problem documents into ApiError and missing answers into NetworkError', async () => {
    const failing = createApiClient({
      fetch: (async () => json(409, { code: 'conflict', title: 'Conflict', detail: 'changed' })) as typeof fetch,
      readCookie: () => undefined,
      language: () => 'id',
    });
    const error = await failing.get('/v1/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).problem?.detail).toBe('changed');
    const offline = createApiClient({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
      readCookie: () => undefined,
      language: () => 'id',
    });
    await expect(offline.get('/v1/x')).rejects.toBeInstanceOf(NetworkError);
  });

  it('reads cookies and ETags', () => {
    expect(cookieValue('a=1; siks_csrf=abc%3D; b=2', 'siks_csrf')).toBe('abc=');
    expect(cookieValue('a=1', 'siks_csrf')).toBeUndefined();
    expect(revisionOf('"12"')).toBe(12);
    expect(revisionOf('W/"3"')).toBe(3);
    expect(revisionOf(null)).toBeUndefined();
  });
});
