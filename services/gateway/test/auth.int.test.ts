import { Writable } from 'node:stream';
import { createLogger } from '@siks/service-kit';
import { describe, expect, it } from 'vitest';
import { gatewayHarness, setCookies } from './harness.ts';
import { REUSE_GRACE_MS } from '../src/auth/sessions.ts';

const h = await gatewayHarness();
const PASSWORD = 'kata-sandi-uji-123';
const operator = await h.createUser({ username: 'operator.praya', role: 'operator_desa', regionCode: '52.02.01.1001' });

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password }, headers });

/** Logs in and returns what a browser would keep. */
async function session(username = 'operator.praya') {
  const response = await login(username, PASSWORD);
  expect(response.statusCode).toBe(200);
  const cookies = setCookies(response.headers);
  return {
    body: response.json<{ accessToken: string; csrfToken: string }>(),
    refresh: cookies.get('siks_refresh')?.value ?? '',
    csrf: cookies.get('siks_csrf')?.value ?? '',
  };
}

const refresh = (refreshToken: string, csrf: string | undefined, extra: Record<string, string> = {}) =>
  h.app.inject({
    method: 'POST',
    url: '/v1/auth/refresh',
    headers: {
      cookie: `siks_refresh=${refreshToken}; siks_csrf=${csrf ?? ''}`,
      ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }),
      ...extra,
    },
  });

/** A problem answer without the parts that differ per request. */
const answer = (response: {
  statusCode: number;
  json: () => Record<string, unknown>;
  headers: Record<string, unknown>;
}) => {
  const { requestId: _id, ...rest } = response.json();
  return { status: response.statusCode, retryAfter: response.headers['retry-after'], ...rest };
};

describe('login', () => {
  it('returns an access token, the user and sets the refresh and CSRF cookies', async () => {
    const response = await login('Operator.Praya ', PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      expiresIn: 300,
      user: { id: operator.id, username: 'operator.praya', role: 'operator_desa', regionCode: '52.02.01.1001' },
    });
    expect(body.csrfToken).toMatch(/^[\w-]{32}$/);
    expect(response.headers['cache-control']).toBe('no-store');
    const cookies = setCookies(response.headers);
    expect(cookies.get('siks_refresh')?.attributes).toBe('Path=/v1/auth; Max-Age=43200; HttpOnly; SameSite=Strict');
    expect(cookies.get('siks_csrf')).toEqual({
      value: body.csrfToken,
      attributes: 'Path=/; Max-Age=43200; SameSite=Strict',
    });

    const me = await h.app.inject({ url: '/v1/auth/me', headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body.user);
  });

  it('marks the cookies Secure over https in production', async () => {
    const app = h.buildApp({ NODE_ENV: 'production' });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'operator.praya', password: PASSWORD },
      headers: { host: 'siks.example.go.id' },
    });
    expect(response.statusCode).toBe(200);
    for (const cookie of setCookies(response.headers).values()) expect(cookie.attributes).toContain('Secure');
  });

  it('answers a wrong password and an unknown user the same way (401, in id or en)', async () => {
    const wrong = await login('operator.praya', 'salah-sekali-123');
    const unknown = await login('tidak.ada', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer(unknown)).toEqual({ ...answer(wrong), instance: '/v1/auth/login' });
    expect(wrong.json().title).toBe('Nama pengguna atau kata sandi salah');
    const english = await login('tidak.ada', PASSWORD, { 'accept-language': 'en' });
    expect(english.json()).toMatchObject({
      status: 401,
      code: 'invalid_credentials',
      title: 'Wrong user name or password',
    });
    // A correct login forgets the failures of the name.
    await session();
  });

  it('refuses a login posted from another origin', async () => {
    const response = await login('operator.praya', PASSWORD, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf_failed');
    expect((await login('operator.praya', PASSWORD, { origin: 'http://localhost:80' })).statusCode).toBe(200);
  });

  it('backs off exponentially after five failures, never longer than a minute; a wait answers the same whatever the password', async () => {
    await h.createUser({ username: 'lock.me', role: 'auditor', regionCode: '52.02' });
    h.sleeps.length = 0;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await login('lock.me', `wrong-${attempt}-password`)).statusCode).toBe(401);
    }
    expect(h.sleeps).toEqual([0, 0, 250, 500, 750]);
    // From the sixth failure on, each one makes the name wait: 1 s, doubling, at most 60 s.
    const waits: number[] = [];
    for (let attempt = 6; attempt <= 14; attempt += 1) {
      expect((await login('lock.me', `wrong-${attempt}-password`)).statusCode).toBe(401);
      const right = await login('lock.me', PASSWORD);
      const wrong = await login('lock.me', 'yet-another-wrong');
      expect(right.statusCode).toBe(423);
      expect(answer(right)).toEqual(answer(wrong));
      expect(right.json()).toMatchObject({ code: 'account_locked' });
      const retryAfter = Number(right.headers['retry-after']);
      waits.push(retryAfter);
      h.clock.advance(retryAfter * 1000 - 500);
      expect((await login('lock.me', PASSWORD)).statusCode).toBe(423);
      h.clock.advance(500);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    // Once the wait is over, the right password works and the count starts again from zero.
    expect((await login('lock.me', PASSWORD)).statusCode).toBe(200);
    expect((await login('lock.me', 'wrong-again-password')).statusCode).toBe(401);
    expect((await login('lock.me', PASSWORD)).statusCode).toBe(200);
  });

  it('makes an unknown user name wait like a real one', async () => {
    for (let attempt = 1; attempt <= 6; attempt += 1)
      expect((await login('nobody.here', 'x'.repeat(12))).statusCode).toBe(401);
    const waiting = await login('nobody.here', 'x'.repeat(12));
    expect(waiting.statusCode).toBe(423);
    expect(waiting.headers['retry-after']).toBe('1');
  });

  it('counts parallel guesses before checking them: a flood tries six passwords, then waits', async () => {
    await h.createUser({ username: 'parallel.target', role: 'auditor', regionCode: '52.02' });
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, index) => login('parallel.target', `guess-${index}-password`)),
    );
    const statuses = answers.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([...Array<number>(6).fill(401), ...Array<number>(9).fill(423)]);
    expect((await login('parallel.target', PASSWORD)).statusCode).toBe(423);
    h.clock.advance(1_000);
    expect((await login('parallel.target', PASSWORD)).statusCode).toBe(200);
  });

  it('refuses disabled users with the same 401', async () => {
    const user = await h.createUser({ username: 'gone.user', role: 'auditor', regionCode: '52.02' });
    await h.pool.query('UPDATE gateway.users SET disabled_at = now() WHERE id = $1', [user.id]);
    const response = await login('gone.user', PASSWORD);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('invalid_credentials');
  });

  it('limits login attempts per client address', async () => {
    const app = h.buildApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    const attempt = () =>
      app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { username: 'rate.test', password: 'wrong-password' },
      });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().code).toBe('too_many_requests');
  });

  it('answers 503 when the gateway has no signing key', async () => {
    const app = h.buildApp({}, { issuer: undefined });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'a', password: 'b' },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json().code).toBe('login_unavailable');
    expect((await app.inject({ url: '/.well-known/jwks.json' })).statusCode).toBe(404);
  });

  it('validates the login body', async () => {
    const response = await h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: 'password', code: 'required' })]);
  });
});

describe('refresh', () => {
  it('rotates the refresh token and issues a new access token and CSRF token', async () => {
    const first = await session();
    const response = await refresh(first.refresh, first.csrf);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user.username).toBe('operator.praya');
    expect(body.accessToken).toEqual(expect.any(String));
    const cookies = setCookies(response.headers);
    const next = cookies.get('siks_refresh')?.value;
    expect(next).toMatch(/^[\w-]{43}$/);
    expect(next).not.toBe(first.refresh);
    expect(cookies.get('siks_csrf')?.value).toBe(body.csrfToken);
    expect(body.csrfToken).not.toBe(first.csrf);
    // Rotation does not extend the session: the cookies expire with the family.
    expect(cookies.get('siks_refresh')?.attributes).toContain('Max-Age=43200');
    const me = await h.app.inject({ url: '/v1/auth/me', headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.statusCode).toBe(200);
  });

  it('revokes the whole family when a rotated token is used again', async () => {
    const first = await session();
    const second = await refresh(first.refresh, first.csrf);
    const nextRefresh = setCookies(second.headers).get('siks_refresh')?.value ?? '';
    const nextCsrf = second.json<{ csrfToken: string }>().csrfToken;

    h.clock.advance(REUSE_GRACE_MS + 1);
    const replay = await refresh(first.refresh, first.csrf);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('session_expired');
    expect(setCookies(replay.headers).get('siks_refresh')?.attributes).toContain('Max-Age=0');
    // The legitimate holder of the newer token is signed out too.
    expect((await refresh(nextRefresh, nextCsrf)).statusCode).toBe(401);
    const { rows } = await h.pool.query<{ revoked_reason: string }>(
      `SELECT f.revoked_reason FROM gateway.refresh_families f JOIN gateway.refresh_tokens t ON t.family_id = f.id
       WHERE t.token_hash = sha256($1::bytea)`,
      [Buffer.from(first.refresh)],
    );
    expect(rows).toEqual([{ revoked_reason: 'reuse_detected' }]);
  });

  it('answers a spent token once more within seconds (an answer lost on the way), then treats it as copied', async () => {
    const first = await session();
    const rotated = await refresh(first.refresh, first.csrf);
    expect(rotated.statusCode).toBe(200);
    // The browser never received that answer: it still holds the first cookies and tries again.
    h.clock.advance(REUSE_GRACE_MS - 1_000);
    const retried = await refresh(first.refresh, first.csrf);
    expect(retried.statusCode).toBe(200);
    const regranted = setCookies(retried.headers).get('siks_refresh')?.value ?? '';
    expect(regranted).not.toBe(setCookies(rotated.headers).get('siks_refresh')?.value);
    // The session goes on with the token it received.
    const next = await refresh(regranted, retried.json<{ csrfToken: string }>().csrfToken);
    expect(next.statusCode).toBe(200);
    // A third use of the first token, even within the grace, is a copy: the family ends.
    const third = await refresh(first.refresh, first.csrf);
    expect(third.statusCode).toBe(401);
    const live = setCookies(next.headers).get('siks_refresh')?.value ?? '';
    expect((await refresh(live, next.json<{ csrfToken: string }>().csrfToken)).statusCode).toBe(401);
  });

  it('gives no grace once a newer token of the session was used, or without the CSRF token of the spent one', async () => {
    const first = await session();
    const second = await refresh(first.refresh, first.csrf);
    const secondRefresh = setCookies(second.headers).get('siks_refresh')?.value ?? '';
    const secondCsrf = second.json<{ csrfToken: string }>().csrfToken;
    expect((await refresh(secondRefresh, secondCsrf)).statusCode).toBe(200);
    // The first token comes back within seconds, but the session has moved on: a copy.
    expect((await refresh(first.refresh, first.csrf)).statusCode).toBe(401);

    const other = await session();
    await refresh(other.refresh, other.csrf);
    const wrongCsrf = await refresh(other.refresh, first.csrf);
    expect(wrongCsrf.statusCode).toBe(401);
  });

  it('refuses a refresh without the CSRF header, with a wrong one, or from another site (403)', async () => {
    const current = await session();
    const missing = await refresh(current.refresh, undefined);
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_failed');
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      headers: {
        cookie: `siks_refresh=${current.refresh}; siks_csrf=${current.csrf}`,
        'x-csrf-token': 'not-the-token',
      },
    });
    expect(wrong.statusCode).toBe(403);
    // Header and cookie agreeing is not enough: they must be this session's token.
    expect((await refresh(current.refresh, 'forged-but-consistent')).statusCode).toBe(403);
    expect((await refresh(current.refresh, current.csrf, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await refresh(current.refresh, current.csrf, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    // None of the refused attempts spent the token.
    expect((await refresh(current.refresh, current.csrf, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
  });

  it('ends when the session is older than its lifetime', async () => {
    const current = await session();
    h.clock.advance(12 * 3600 * 1000 + 1000);
    expect((await refresh(current.refresh, current.csrf)).statusCode).toBe(401);
  });

  it('ends when the user is disabled, and without a refresh cookie', async () => {
    await h.createUser({ username: 'soon.disabled', role: 'auditor', regionCode: '52.02' });
    const current = await session('soon.disabled');
    await h.pool.query("UPDATE gateway.users SET disabled_at = now() WHERE username = 'soon.disabled'");
    expect((await refresh(current.refresh, current.csrf)).statusCode).toBe(401);
    const none = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      headers: { cookie: 'siks_csrf=abc', 'x-csrf-token': 'abc' },
    });
    expect(none.statusCode).toBe(401);
  });
});

describe('logout', () => {
  it('ends the session and clears both cookies (204), with the same CSRF rule', async () => {
    const current = await session();
    const refused = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie: `siks_refresh=${current.refresh}; siks_csrf=${current.csrf}` },
    });
    expect(refused.statusCode).toBe(403);
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie: `siks_refresh=${current.refresh}; siks_csrf=${current.csrf}`, 'x-csrf-token': current.csrf },
    });
    expect(response.statusCode).toBe(204);
    const cookies = setCookies(response.headers);
    expect(cookies.get('siks_refresh')?.attributes).toContain('Max-Age=0');
    expect(cookies.get('siks_csrf')?.attributes).toContain('Max-Age=0');
    expect((await refresh(current.refresh, current.csrf)).statusCode).toBe(401);
  });
});

describe('me', () => {
  it('needs a valid bearer token', async () => {
    expect((await h.app.inject({ url: '/v1/auth/me' })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/v1/auth/me', headers: { authorization: 'Bearer a.b.c' } })).statusCode).toBe(
      401,
    );
  });
});

describe('logs', () => {
  it('carry no user name, display name, password or token', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = h.buildApp({}, { logger: createLogger({ service: 'gateway', level: 'debug', destination }) });
    await h.createUser({ username: 'logged.person', name: 'Siti Rahmawati', role: 'auditor', regionCode: '52.02' });
    const post = (username: string, password: string) =>
      app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
    expect((await post('logged.person', 'wrong-password-xyz')).statusCode).toBe(401);
    const ok = await post('logged.person', PASSWORD);
    expect(ok.statusCode).toBe(200);
    const { accessToken, csrfToken } = ok.json<{ accessToken: string; csrfToken: string }>();
    const refreshToken = setCookies(ok.headers).get('siks_refresh')?.value ?? '';
    await app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      headers: { cookie: `siks_refresh=${refreshToken}; siks_csrf=${csrfToken}`, 'x-csrf-token': csrfToken },
    });
    const log = lines.join('');
    expect(log).toContain('login failed');
    for (const secret of [
      'logged.person',
      'Siti',
      'wrong-password-xyz',
      PASSWORD,
      accessToken,
      refreshToken,
      csrfToken,
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
