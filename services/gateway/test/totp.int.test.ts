import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../src/auth/totp/codes.ts';
import type { User } from '../src/users/store.ts';
import { gatewayHarness } from './harness.ts';

// The second factor of administrators (docs/security.md, "Second factor"): enrol, confirm, login
// with it, a code works once, disable with a code, an administrator's reset is in the event log,
// and a deployment can require it.

const TOTP_KEY = randomBytes(32).toString('base64');
const h = await gatewayHarness({ AUTH_TOTP_KEY: TOTP_KEY });
const PASSWORD = 'kata-sandi-uji-123';
const STEP_MS = 30_000;

const post = (url: string, token: string | undefined, payload?: object, app = h.app) =>
  app.inject({
    method: 'POST',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload ? { payload } : {}),
  });
const login = (username: string, totp?: string, app = h.app, password = PASSWORD) =>
  post('/v1/auth/login', undefined, { username, password, ...(totp === undefined ? {} : { totp }) }, app);
const failuresOf = async (username: string): Promise<number> =>
  (
    await h.pool.query<{ failures: number }>('SELECT failures FROM gateway.login_failures WHERE username = $1', [
      username,
    ])
  ).rows[0]?.failures ?? 0;
const eventsOf = async (userId: string) => (await h.store.readStream(`user-${userId}`)).map((event) => event.type);
/** A fresh time step, so that the code of the moment has not been used yet. */
const nextStep = () => h.clock.advance(STEP_MS);

/** Enrols and confirms `user`'s second factor; returns its secret. */
async function withSecondFactor(user: User) {
  const token = await h.tokenFor(user);
  const enrol = await post('/v1/auth/totp/enrol', token);
  expect(enrol.statusCode).toBe(200);
  const { secret } = enrol.json<{ secret: string }>();
  nextStep();
  expect((await post('/v1/auth/totp/confirm', token, { code: totpCode(secret, h.clock.now()) })).statusCode).toBe(200);
  nextStep();
  return { secret, token };
}

describe('second factor (TOTP)', () => {
  it('enrols an administrator: the secret is shown once and stored sealed; other roles may not', async () => {
    const admin = await h.createUser({ username: 'admin.enrol', role: 'admin_kabkota', regionCode: '52.02' });
    const token = await h.tokenFor(admin);
    expect(
      (await h.app.inject({ url: '/v1/auth/totp', headers: { authorization: `Bearer ${token}` } })).json(),
    ).toEqual({
      active: false,
      required: false,
      allowed: true,
      available: true,
    });
    const enrol = await post('/v1/auth/totp/enrol', token);
    expect(enrol.statusCode).toBe(200);
    expect(enrol.headers['cache-control']).toBe('no-store');
    const { secret, otpauthUri } = enrol.json<{ secret: string; otpauthUri: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/SIKS:admin\.enrol\?/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const stored = await h.pool.query<{ secret_sealed: Buffer; state: string }>(
      'SELECT secret_sealed, state FROM gateway.user_totp WHERE user_id = $1',
      [admin.id],
    );
    expect(stored.rows[0]?.state).toBe('pending');
    const sealed = stored.rows[0]?.secret_sealed ?? Buffer.alloc(0);
    expect(sealed.length).toBeGreaterThan(28);
    expect(sealed.includes(Buffer.from(secret))).toBe(false);
    // Until confirmed, the login does not ask for a code.
    expect((await login('admin.enrol')).statusCode).toBe(200);

    const operator = await h.createUser({
      username: 'operator.enrol',
      role: 'operator_desa',
      regionCode: '52.02.01.1001',
    });
    expect((await post('/v1/auth/totp/enrol', await h.tokenFor(operator))).statusCode).toBe(403);
  });

  it('switches on only with a valid code, and records it', async () => {
    const admin = await h.createUser({ username: 'admin.confirm', role: 'admin_provinsi', regionCode: '52' });
    const token = await h.tokenFor(admin);
    const { secret } = (await post('/v1/auth/totp/enrol', token)).json<{ secret: string }>();
    const wrong = await post('/v1/auth/totp/confirm', token, { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'totp_invalid' });
    expect(await failuresOf('admin.confirm')).toBe(1);
    expect((await post('/v1/auth/totp/confirm', token, { code: totpCode(secret, h.clock.now()) })).statusCode).toBe(
      200,
    );
    expect(await failuresOf('admin.confirm')).toBe(0);
    expect(await eventsOf(admin.id)).toEqual(['UserCreated', 'UserTotpEnabled']);
    expect((await post('/v1/auth/totp/enrol', token)).json()).toMatchObject({ code: 'totp_already_active' });
  });

  it('asks for the code at login; a missing or wrong code counts in the back-off; a code works once', async () => {
    const admin = await h.createUser({ username: 'admin.login', role: 'admin_kabkota', regionCode: '52.02' });
    const { secret } = await withSecondFactor(admin);
    const missing = await login('admin.login');
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'totp_required' });
    expect(missing.json().accessToken).toBeUndefined();
    const wrong = await login('admin.login', '123456');
    expect(wrong.json()).toMatchObject({ code: 'totp_invalid' });
    expect(await failuresOf('admin.login')).toBe(2);
    // A wrong password still answers as a wrong password, code or not.
    expect(
      (await login('admin.login', totpCode(secret, h.clock.now()), h.app, 'salah-salah-salah')).json(),
    ).toMatchObject({
      code: 'invalid_credentials',
    });

    const code = totpCode(secret, h.clock.now());
    const ok = await login('admin.login', code);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().accessToken).toEqual(expect.any(String));
    expect(await failuresOf('admin.login')).toBe(0);
    // The same code again, within its step: refused (a code seen over a shoulder is spent).
    const replay = await login('admin.login', code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'totp_invalid' });
    // An older code (the step before) is spent too once a later one was used.
    h.clock.advance(STEP_MS);
    expect((await login('admin.login', code)).json()).toMatchObject({ code: 'totp_invalid' });
    expect((await login('admin.login', totpCode(secret, h.clock.now()))).statusCode).toBe(200);
  });

  it('makes the name wait after repeated wrong codes, like wrong passwords', async () => {
    const admin = await h.createUser({ username: 'admin.guess', role: 'pusdatin', regionCode: '' });
    const { secret } = await withSecondFactor(admin);
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      expect((await login('admin.guess', String(100000 + attempt))).statusCode).toBe(401);
    }
    const waiting = await login('admin.guess', totpCode(secret, h.clock.now()));
    expect(waiting.statusCode).toBe(423);
    expect(waiting.json()).toMatchObject({ code: 'account_locked' });
  });

  it('switches off only with a current code, and records it', async () => {
    const admin = await h.createUser({ username: 'admin.off', role: 'admin_kabkota', regionCode: '52.02' });
    const { secret, token } = await withSecondFactor(admin);
    expect((await post('/v1/auth/totp/disable', token, { code: '999999' })).json()).toMatchObject({
      code: 'totp_invalid',
    });
    expect((await post('/v1/auth/totp/disable', token, { code: totpCode(secret, h.clock.now()) })).statusCode).toBe(
      200,
    );
    expect(await eventsOf(admin.id)).toEqual(['UserCreated', 'UserTotpEnabled', 'UserTotpDisabled']);
    expect((await login('admin.off')).statusCode).toBe(200);
  });

  it('lets an administrator reset another user’s second factor within scope, recorded with who and why', async () => {
    const admin = await h.createUser({ username: 'admin.phone', role: 'admin_kabkota', regionCode: '52.02' });
    await withSecondFactor(admin);
    const province = await h.createUser({ username: 'admin.ntb', role: 'admin_provinsi', regionCode: '52' });
    const provinceToken = await h.tokenFor(province);
    const other = await h.createUser({ username: 'admin.bali', role: 'admin_provinsi', regionCode: '51' });
    expect((await post(`/v1/admin/users/${admin.id}/totp/reset`, await h.tokenFor(other))).statusCode).toBe(404);
    const self = await post(`/v1/admin/users/${admin.id}/totp/reset`, await h.tokenFor(admin));
    expect(self.json()).toMatchObject({ code: 'cannot_reset_own_totp' });
    const reset = await post(`/v1/admin/users/${admin.id}/totp/reset`, provinceToken, { reason: 'ponsel hilang' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({ active: false, wasActive: true });
    const events = await h.store.readStream(`user-${admin.id}`);
    expect(events.map((event) => event.type)).toEqual(['UserCreated', 'UserTotpEnabled', 'UserTotpReset']);
    expect(events[2]).toMatchObject({
      data: { userId: admin.id },
      metadata: { actor: { userId: province.id, role: 'admin_provinsi' }, reason: 'ponsel hilang' },
    });
    expect((await login('admin.phone')).statusCode).toBe(200);
  });

  it('when required, makes an administrator enrol while signing in and keeps the factor on', async () => {
    const required = h.buildApp({ AUTH_TOTP_KEY: TOTP_KEY, AUTH_REQUIRE_TOTP_FOR_ADMIN: 'true' });
    const admin = await h.createUser({ username: 'admin.must', role: 'admin_kabkota', regionCode: '52.02' });
    const first = await login('admin.must', undefined, required);
    expect(first.statusCode).toBe(401);
    expect(first.headers['cache-control']).toBe('no-store');
    const body = first.json<{ code: string; secret: string; otpauthUri: string; accessToken?: string }>();
    expect(body).toMatchObject({ code: 'totp_enrolment_required', otpauthUri: expect.stringMatching(/^otpauth:/) });
    expect(body.accessToken).toBeUndefined();
    // A wrong password earns no secret.
    const guess = await login('admin.must', undefined, required, 'bukan-kata-sandinya');
    expect(guess.json()).toMatchObject({ code: 'invalid_credentials' });
    expect(guess.json().secret).toBeUndefined();
    expect((await login('admin.must', '000000', required)).json()).toMatchObject({ code: 'totp_invalid' });
    const ok = await login('admin.must', totpCode(body.secret, h.clock.now()), required);
    expect(ok.statusCode).toBe(200);
    expect(await eventsOf(admin.id)).toEqual(['UserCreated', 'UserTotpEnabled']);
    nextStep();
    expect((await login('admin.must', undefined, required)).json()).toMatchObject({ code: 'totp_required' });
    // Not for other roles; and an administrator cannot switch it off.
    await h.createUser({ username: 'operator.free', role: 'operator_desa', regionCode: '52.02.01.1001' });
    expect((await login('operator.free', undefined, required)).statusCode).toBe(200);
    const token = await h.tokenFor(admin);
    const off = await post('/v1/auth/totp/disable', token, { code: totpCode(body.secret, h.clock.now()) }, required);
    expect(off.json()).toMatchObject({ code: 'totp_required_by_policy' });
  });

  it('without AUTH_TOTP_KEY: no enrolment (503), and requiring it does not start', async () => {
    const keyless = h.buildApp({ AUTH_TOTP_KEY: '' }, {});
    const admin = await h.createUser({ username: 'admin.nokey', role: 'admin_kabkota', regionCode: '52.02' });
    expect((await post('/v1/auth/totp/enrol', await h.tokenFor(admin), undefined, keyless)).json()).toMatchObject({
      code: 'totp_unavailable',
    });
    expect(() => h.buildApp({ AUTH_TOTP_KEY: '', AUTH_REQUIRE_TOTP_FOR_ADMIN: 'true' })).toThrow(/AUTH_TOTP_KEY/);
  });
});
