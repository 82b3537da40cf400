import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashParams, hashPassword } from '../src/auth/password.ts';
import { findUserByUsername } from '../src/users/store.ts';
import { gatewayHarness, setCookies, TEST_SCRYPT } from './harness.ts';

const h = await gatewayHarness();
const PASSWORD = 'kata-sandi-uji-123';

const login = (username: string, password: string) =>
  h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
const storedHash = async (username: string) => (await findUserByUsername(h.pool, username))?.passwordHash ?? '';

describe('password hashes', () => {
  it("are made with OWASP's scrypt cost by default: N = 2^17, r = 8, p = 1", () => {
    expect(DEFAULT_SCRYPT).toEqual({ logN: 17, r: 8, p: 1 });
  });

  it('are re-made at the current cost on a successful login, and only then', async () => {
    const user = await h.createUser({ username: 'old.hash', role: 'auditor', regionCode: '52.02' });
    const cheaper = { ...TEST_SCRYPT, logN: TEST_SCRYPT.logN - 1 };
    await h.pool.query('UPDATE gateway.users SET password_hash = $2 WHERE id = $1', [
      user.id,
      await hashPassword(PASSWORD, cheaper),
    ]);
    expect((await login('old.hash', 'not-the-password')).statusCode).toBe(401);
    expect(hashParams(await storedHash('old.hash'))).toEqual(cheaper);
    expect((await login('old.hash', PASSWORD)).statusCode).toBe(200);
    expect(hashParams(await storedHash('old.hash'))).toEqual(TEST_SCRYPT);
    expect((await login('old.hash', PASSWORD)).statusCode).toBe(200);
  });
});

describe('POST /v1/auth/password', () => {
  const change = (token: string | undefined, body: object) =>
    h.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      payload: body,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('lets a signed-in user change their own password; every earlier session ends', async () => {
    const user = await h.createUser({ username: 'changes.own', role: 'operator_desa', regionCode: '52.02.01.1001' });
    const first = await login('changes.own', PASSWORD);
    expect(first.statusCode).toBe(200);
    const oldRefresh = setCookies(first.headers).get('siks_refresh')?.value ?? '';
    const oldCsrf = setCookies(first.headers).get('siks_csrf')?.value ?? '';
    const token = first.json<{ accessToken: string }>().accessToken;
    const before = await storedHash('changes.own');

    expect(
      (await change(undefined, { currentPassword: PASSWORD, newPassword: 'kata-sandi-baru-456' })).statusCode,
    ).toBe(401);
    const wrong = await change(token, { currentPassword: 'salah-sekali-123', newPassword: 'kata-sandi-baru-456' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });
    const short = await change(token, { currentPassword: PASSWORD, newPassword: 'pendek' });
    expect(short.statusCode).toBe(400);
    const same = await change(token, { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors).toEqual([
      expect.objectContaining({
        path: 'newPassword',
        code: 'password_unchanged',
        message: expect.stringMatching(/berbeda/),
      }),
    ]);
    expect(await storedHash('changes.own')).toBe(before);

    const changed = await change(token, { currentPassword: PASSWORD, newPassword: 'kata-sandi-baru-456' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ user: { id: user.id, username: 'changes.own' } });
    expect(changed.json<{ accessToken: string }>().accessToken).toEqual(expect.any(String));
    expect(setCookies(changed.headers).get('siks_refresh')?.value).toBeTruthy();
    // The session of before (maybe a stolen one) is over; the new password works, the old one not.
    const stale = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      headers: { cookie: `siks_refresh=${oldRefresh}; siks_csrf=${oldCsrf}`, 'x-csrf-token': oldCsrf },
    });
    expect(stale.statusCode).toBe(401);
    expect((await login('changes.own', PASSWORD)).statusCode).toBe(401);
    expect((await login('changes.own', 'kata-sandi-baru-456')).statusCode).toBe(200);
  });
});
