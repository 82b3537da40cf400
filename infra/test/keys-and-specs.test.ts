import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier, decodeKey, mintToken } from '@siks/service-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevKeys, serviceSpecs } from '../src/index.ts';

const dir = await mkdtemp(join(tmpdir(), 'siks-keys-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ensureDevKeys', () => {
  it('creates the keys once, owner-only, and reads the same keys afterwards', async () => {
    const first = await ensureDevKeys(join(dir, 'keys'));
    const second = await ensureDevKeys(join(dir, 'keys'));
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.keys).toEqual(first.keys);
    expect((await stat(join(dir, 'keys', 'jwt-private.pem'))).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.keys.piiMasterKey, 'base64')).toHaveLength(32);
    const token = await mintToken(
      first.keys.jwtPrivateKey,
      { sub: 's', role: 'auditor', region: '52', name: 'A' },
      { expiresIn: 60 },
    );
    const verifier = await createTokenVerifier({ publicKey: second.keys.jwtPublicKey });
    expect((await verifier.verify(token)).userId).toBe('s');
  });

  it('refuses a partial set rather than replacing a key', async () => {
    await ensureDevKeys(join(dir, 'partial'));
    await unlink(join(dir, 'partial', 'pii-master.key'));
    await expect(ensureDevKeys(join(dir, 'partial'))).rejects.toThrow(/only some of the dev keys/);
  });
});

describe('serviceSpecs', () => {
  it('gives each service its port, the database and the keys; only the gateway gets the private key', async () => {
    const { keys } = await ensureDevKeys(join(dir, 'keys'));
    const specs = serviceSpecs({
      root: '/repo',
      databaseUrl: 'postgres://p@127.0.0.1:54320/siks',
      keys,
      dataDir: '/repo/.data',
      env: { PATH: '/bin', SIKS_INTAKE_PORT: '4001' },
    });
    expect(specs.map((spec) => [spec.name, spec.port])).toEqual([
      ['intake', 4001],
      ['document', 3002],
      ['verification', 3003],
      ['registry', 3004],
      ['reporting', 3005],
      ['gateway', 3000],
    ]);
    const intake = specs[0]?.env ?? {};
    expect(intake).toMatchObject({ PORT: '4001', DATABASE_URL: 'postgres://p@127.0.0.1:54320/siks', PATH: '/bin' });
    expect(decodeKey(intake['JWT_PUBLIC_KEY'] ?? '', 'public')).toBe(keys.jwtPublicKey);
    expect(intake['JWT_PRIVATE_KEY']).toBeUndefined();
    const gateway = specs[5]?.env ?? {};
    expect(gateway).toMatchObject({ INTAKE_URL: 'http://127.0.0.1:4001', REPORTING_URL: 'http://127.0.0.1:3005' });
    expect(gateway['JWT_PRIVATE_KEY']).toBeDefined();
    expect(specs[1]?.entry).toBe('/repo/services/document/src/main.ts');
  });
});
