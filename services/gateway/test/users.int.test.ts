import { readFile, stat } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/password.ts';
import { runUsersCommand } from '../src/users/cli.ts';
import { demoUserSpecs, parseDemoUsersFile, seedDemoUsers } from '../src/users/demo.ts';
import { findUserByUsername } from '../src/users/store.ts';
import { gatewayHarness, TEST_SCRYPT, testRegions } from './harness.ts';

const h = await gatewayHarness();
const admin = await h.createUser({ username: 'admin.lomboktengah', role: 'admin_kabkota', regionCode: '52.02' });
const adminToken = await h.tokenFor(admin);
const westAdmin = await h.createUser({ username: 'admin.lombokbarat', role: 'admin_kabkota', regionCode: '52.01' });
const westOperator = await h.createUser({
  username: 'operator.dasan-geres',
  role: 'operator_desa',
  regionCode: '52.01.01.2001',
});
const operator = await h.createUser({
  username: 'operator.leneng',
  role: 'operator_desa',
  regionCode: '52.02.01.1002',
});
const dataDir = await mkdtemp(join(tmpdir(), 'siks-gateway-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const asAdmin = (method: 'GET' | 'POST', url: string, payload?: object, token = adminToken) =>
  h.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

describe('admin users API', () => {
  it('lists only the users within the admin’s scope', async () => {
    const response = await asAdmin('GET', '/v1/admin/users');
    expect(response.statusCode).toBe(200);
    const names = response.json<{ users: { username: string }[] }>().users.map((user) => user.username);
    expect(names).toEqual(['admin.lomboktengah', 'operator.leneng']);
    expect(JSON.stringify(response.json())).not.toContain('scrypt');
  });

  it('creates a user in scope, generating the password when none is given', async () => {
    const response = await asAdmin('POST', '/v1/admin/users', {
      username: 'Operator.Barejulat',
      name: 'Operator Barejulat',
      role: 'operator_desa',
      regionCode: '52.02.02.2001',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ user: { id: string; username: string }; password: string }>();
    expect(body.user).toMatchObject({ username: 'operator.barejulat', role: 'operator_desa', disabled: false });
    expect(body.password).toMatch(/^\w{16}$/);
    const login = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'operator.barejulat', password: body.password },
    });
    expect(login.statusCode).toBe(200);
    expect(
      (
        await asAdmin('POST', '/v1/admin/users', {
          ...{ username: 'operator.barejulat', name: 'X', role: 'auditor', regionCode: '52.02' },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('answers 404 for a region outside the scope and 400 for a scope that does not fit the role', async () => {
    const outside = await asAdmin('POST', '/v1/admin/users', {
      username: 'operator.luar',
      name: 'Luar',
      role: 'operator_desa',
      regionCode: '52.01.01.2001',
    });
    expect(outside.statusCode).toBe(404);
    const misfit = await asAdmin('POST', '/v1/admin/users', {
      username: 'operator.salah',
      name: 'Salah',
      role: 'operator_desa',
      regionCode: '52.02',
    });
    expect(misfit.statusCode).toBe(400);
    expect(misfit.json().errors).toEqual([
      expect.objectContaining({ path: 'regionCode', code: 'scope_role_mismatch' }),
    ]);
    const unknown = await asAdmin('POST', '/v1/admin/users', {
      username: 'operator.fiktif',
      name: 'Fiktif',
      role: 'operator_desa',
      regionCode: '52.02.01.1999',
    });
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'regionCode', code: 'unknown_region' })]);
  });

  it('disables a user in scope (ending their sessions) and answers 404 outside it', async () => {
    expect((await asAdmin('POST', `/v1/admin/users/${westOperator.id}/disable`)).statusCode).toBe(404);
    expect((await asAdmin('POST', '/v1/admin/users/00000000-0000-7000-8000-000000000000/disable')).statusCode).toBe(
      404,
    );
    expect((await asAdmin('POST', `/v1/admin/users/${admin.id}/disable`)).statusCode).toBe(409);
    const login = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'operator.leneng', password: 'kata-sandi-uji-123' },
    });
    const refreshCookie = String(login.headers['set-cookie']).match(/siks_refresh=([\w-]+)/)?.[1];
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const response = await asAdmin('POST', `/v1/admin/users/${operator.id}/disable`);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ username: 'operator.leneng', disabled: true });
    const refresh = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      headers: { cookie: `siks_refresh=${refreshCookie}; siks_csrf=${csrf}`, 'x-csrf-token': csrf },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('is for admins only (403 for other roles, 401 without a token)', async () => {
    const token = await h.tokenFor(westOperator);
    expect((await asAdmin('GET', '/v1/admin/users', undefined, token)).statusCode).toBe(403);
    expect((await h.app.inject({ url: '/v1/admin/users' })).statusCode).toBe(401);
    // Another regency's admin cannot see this regency's users.
    const west = await asAdmin('GET', '/v1/admin/users', undefined, await h.tokenFor(westAdmin));
    expect(west.json<{ users: { username: string }[] }>().users.map((user) => user.username)).toEqual([
      'admin.lombokbarat',
      'operator.dasan-geres',
    ]);
  });
});

describe('user directory', () => {
  it('names the people within and above the caller’s scope, for any role, without account data', async () => {
    const response = await asAdmin('GET', '/v1/users', undefined, await h.tokenFor(operator));
    expect(response.statusCode).toBe(200);
    const users = response.json<{ users: Record<string, unknown>[] }>().users;
    // The operator sees the regency's admin above and themself; nobody of another regency or village.
    // Above the caller's scope a person is named, but their user name (half a login) is not listed.
    expect(users.map((user) => [user['role'], user['regionCode']])).toEqual([
      ['admin_kabkota', '52.02'],
      ['operator_desa', '52.02.01.1002'],
    ]);
    expect(Object.keys(users[0] ?? {}).sort()).toEqual(['id', 'name', 'regionCode', 'role']);
    expect(Object.keys(users[1] ?? {}).sort()).toEqual(['id', 'name', 'regionCode', 'role', 'username']);
    expect(users[1]?.['username']).toBe('operator.leneng');
    const regency = await asAdmin('GET', '/v1/users');
    expect(regency.json<{ users: { username: string }[] }>().users.map((user) => user.username)).not.toContain(
      westOperator.username,
    );
    expect((await h.app.inject({ method: 'GET', url: '/v1/users' })).statusCode).toBe(401);
  });
});

describe('pnpm siks users', () => {
  const run = async (argv: string[], stdin?: string) => {
    let out = '';
    let err = '';
    const code = await runUsersCommand(
      argv,
      {
        out: (text) => void (out += text),
        err: (text) => void (err += text),
        env: { DATABASE_URL: h.url },
        readStdin: async () => stdin ?? '',
      },
      { regions: async () => testRegions(), scrypt: TEST_SCRYPT, now: h.clock.now },
    );
    return { code, out, err };
  };

  it('adds a user with a generated password shown once', async () => {
    const result = await run([
      'add',
      '--username',
      'verifikator.lomboktengah',
      '--name',
      'Verifikator',
      '--role',
      'verifikator_kabkota',
      '--region',
      '52.02',
    ]);
    expect(result.code).toBe(0);
    const password = /password: (\w+)/.exec(result.out)?.[1] ?? '';
    const user = await findUserByUsername(h.pool, 'verifikator.lomboktengah');
    expect(user?.role).toBe('verifikator_kabkota');
    expect(await verifyPassword(password, user?.passwordHash ?? '')).toBe(true);
  });

  it('adds a user with a password from stdin, refuses bad input and taken names', async () => {
    const added = await run(
      [
        'add',
        '--username',
        'pusdatin.pusat',
        '--name',
        'Pusdatin',
        '--role',
        'pusdatin',
        '--region',
        '',
        '--password-stdin',
      ],
      'sandi-dari-stdin-42\n',
    );
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).not.toContain('password:');
    const user = await findUserByUsername(h.pool, 'pusdatin.pusat');
    expect(await verifyPassword('sandi-dari-stdin-42', user?.passwordHash ?? '')).toBe(true);
    const taken = await run([
      'add',
      '--username',
      'pusdatin.pusat',
      '--name',
      'X',
      '--role',
      'pusdatin',
      '--region',
      '',
    ]);
    expect(taken).toMatchObject({ code: 1, err: 'siks users: that user name is taken\n' });
    const misfit = await run(['add', '--username', 'op.x', '--name', 'X', '--role', 'operator_desa', '--region', '52']);
    expect(misfit.code).toBe(1);
    expect(misfit.err).toContain('regionCode region scope does not fit the role');
    expect((await run(['add', '--username', 'a'])).code).toBe(1);
  });

  it('lists users within a region and disables one', async () => {
    const listed = await run(['list', '--region', '52.01']);
    expect(
      listed.out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')[0]),
    ).toEqual(['admin.lombokbarat', 'operator.dasan-geres']);
    expect((await run(['disable', 'admin.lombokbarat'])).code).toBe(0);
    expect((await run(['list', '--region', '52.01'])).out).toContain(
      'admin.lombokbarat\tadmin_kabkota\t52.01\tdisabled',
    );
    expect((await run(['disable', 'no.such.user'])).code).toBe(1);
  });

  it('explains its usage', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['list', '--bogus'])).code).toBe(2);
    const noDatabase = await runUsersCommand(['list'], { out: () => undefined, err: () => undefined, env: {} });
    expect(noDatabase).toBe(2);
  });
});

describe('demo users', () => {
  it('creates the demo users of Lombok Tengah and NTB once, with their passwords in a 0600 file', async () => {
    const options = {
      pool: h.pool,
      regions: async () => testRegions(),
      now: h.clock.now,
      dataDir,
      scrypt: TEST_SCRYPT,
    };
    const first = await seedDemoUsers(options);
    expect(first.created.map((user) => [user.username, user.role, user.regionCode])).toEqual(
      [
        ['operator.praya', 'operator_desa', '52.02.01.1001'],
        ['operator.leneng', 'operator_desa', '52.02.01.1002'],
        ['operator.barejulat', 'operator_desa', '52.02.02.2001'],
        ['verifikator.lomboktengah', 'verifikator_kabkota', '52.02'],
        ['admin.lomboktengah', 'admin_kabkota', '52.02'],
        ['auditor.lomboktengah', 'auditor', '52.02'],
        ['admin.ntb', 'admin_provinsi', '52'],
      ].filter(
        ([username]) =>
          !['operator.leneng', 'operator.barejulat', 'verifikator.lomboktengah', 'admin.lomboktengah'].includes(
            username ?? '',
          ),
      ),
    );
    // (names already taken by real users above are left alone)
    const file = join(dataDir, 'demo-users.txt');
    expect(first.file).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const credentials = parseDemoUsersFile(await readFile(file, 'utf8'));
    expect([...credentials.keys()]).toEqual(['operator.praya', 'auditor.lomboktengah', 'admin.ntb']);
    const login = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'operator.praya', password: credentials.get('operator.praya') },
    });
    expect(login.statusCode).toBe(200);

    const second = await seedDemoUsers(options);
    expect(second).toEqual({ created: [], reset: [] });
    expect(parseDemoUsersFile(await readFile(file, 'utf8')).size).toBe(3);
  });

  it('gives every demo user SIKS_DEMO_PASSWORD when set, and leaves their login back-off alone', async () => {
    const password = 'demo-password-untuk-uji';
    // Someone was guessing operator.praya's password: a restart must not wipe that out.
    await h.pool.query(
      `INSERT INTO gateway.login_failures (username, failures, last_failure_at, locked_until)
       VALUES ('operator.praya', 12, $1, $2)`,
      [h.clock.now(), new Date(h.clock.now().getTime() + 60_000)],
    );
    const result = await seedDemoUsers({
      pool: h.pool,
      regions: async () => testRegions(),
      now: h.clock.now,
      password,
      scrypt: TEST_SCRYPT,
    });
    expect(result.reset).toEqual(['admin.ntb', 'auditor.lomboktengah', 'operator.praya']);
    const login = () =>
      h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'operator.praya', password } });
    expect((await login()).statusCode).toBe(423);
    h.clock.advance(60_000);
    expect((await login()).statusCode).toBe(200);
    expect(
      (await seedDemoUsers({ pool: h.pool, regions: async () => testRegions(), now: h.clock.now, password })).reset,
    ).toEqual([]);
  });

  it('refuses to create or reset demo users in production', async () => {
    const before = await h.pool.query('SELECT id, password_hash FROM gateway.users ORDER BY id');
    await expect(
      seedDemoUsers({
        pool: h.pool,
        regions: async () => testRegions(),
        now: h.clock.now,
        password: 'demo-password-produksi',
        scrypt: TEST_SCRYPT,
        nodeEnv: 'production',
      }),
    ).rejects.toThrow(/SIKS_DEMO_USERS.*production/);
    expect((await h.pool.query('SELECT id, password_hash FROM gateway.users ORDER BY id')).rows).toEqual(before.rows);
  });

  it('picks the villages from the region list', () => {
    expect(demoUserSpecs(testRegions()).map((spec) => spec.username)).toEqual([
      'operator.praya',
      'operator.leneng',
      'operator.barejulat',
      'verifikator.lomboktengah',
      'admin.lomboktengah',
      'auditor.lomboktengah',
      'admin.ntb',
    ]);
  });
});
