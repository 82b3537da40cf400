import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@siks/contracts';
import { createPostgresEventStore } from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { createTokenVerifier, generateSigningKeys } from '@siks/service-kit';
import { freePort } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, runCli, sharedMigrations, type CliIo } from '../src/index.ts';

const url = await useTestDatabase('cli');
const pool = createPool({ url, max: 2, applicationName: 'test-cli' });
await migrate(pool, sharedMigrations);
afterAll(() => pool.end());

async function siks(argv: string[], env: CliIo['env'] = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), env });
  return { code, out, err };
}

/** The claims of a JWT (its signature is checked by the verifiers below). */
const decodeJwt = (token: string): unknown =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());

const event = (type: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { note: type },
  metadata: {
    actor: { userId: 'u1', role: 'operator_desa', regionCode: '52.02.01.2001' },
    channel: 'operator',
    occurredAt: '2026-01-15T08:00:00.000+08:00',
    correlationId: 'c1',
    causationId: null,
  },
});

describe('siks audit verify', () => {
  it('exits 0 on intact chains and 1 naming the first broken stream and revision', async () => {
    const store = createPostgresEventStore({ pool });
    await store.append('proposal-a', [event('Created'), event('Submitted')], 'no_stream');
    await store.append('proposal-b', [event('Created')], 'no_stream');

    // No published checkpoint (a fresh folder): only the chains are checked.
    const noCheckpoints = { AUDIT_CHECKPOINT_DIR: join(tmpdir(), `siks-no-checkpoints-${randomUUID()}`) };
    const intact = await siks(['audit', 'verify', '--database-url', url], noCheckpoints);
    expect(intact).toMatchObject({ code: ExitCode.ok, out: 'hash chains intact: 2 streams, 3 events\n' });

    // Tamper as a superuser would: bypass the append-only trigger and rewrite one event.
    const client = await pool.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(
        `UPDATE eventstore.events SET data = '{"note":"forged"}' WHERE stream_id = 'proposal-a' AND revision = 1`,
      );
    } finally {
      await client.query('RESET session_replication_role');
      client.release();
    }
    const broken = await siks(['audit', 'verify'], { DATABASE_URL: url, ...noCheckpoints });
    expect(broken.code).toBe(ExitCode.failed);
    expect(broken.out).toBe('BROKEN: stream proposal-a at revision 1: hash mismatch\n');
  });

  it('exits 3 when the database cannot be reached, without printing its password', async () => {
    const port = await freePort();
    const result = await siks(['audit', 'verify', '--database-url', `postgres://u:secret@127.0.0.1:${port}/x`]);
    expect(result.code).toBe(ExitCode.unavailable);
    expect(result.err).toContain('cannot connect');
    expect(result.err).not.toContain('secret');
  });
});

describe('siks migrate', () => {
  it('reports that the shared migrations are up to date', async () => {
    expect(await siks(['migrate', '--database-url', url])).toMatchObject({ code: 0, out: 'migrations up to date\n' });
  });
});

describe('siks token', () => {
  it('prints a token signed with JWT_PRIVATE_KEY that the services accept', async () => {
    const keys = await generateSigningKeys();
    const result = await siks(
      ['token', '--role', 'verifikator_kabkota', '--region', '52.02', '--name', 'Verifikator'],
      {
        JWT_PRIVATE_KEY: keys.privateKey,
      },
    );
    expect(result.code).toBe(0);
    const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
    expect(await verifier.verify(result.out.trim())).toEqual({
      userId: 'dev-verifikator_kabkota',
      role: 'verifikator_kabkota',
      regionCode: '52.02',
      name: 'Verifikator',
    });
    expect(decodeJwt(result.out.trim())).toMatchObject({ iss: 'siks-gateway', aud: 'siks' });
  });

  it("names the deployment's JWT_ISSUER and JWT_AUDIENCE, which its services check", async () => {
    const keys = await generateSigningKeys();
    const env = { JWT_PRIVATE_KEY: keys.privateKey, JWT_ISSUER: 'siks-ntb', JWT_AUDIENCE: 'siks-ntb-services' };
    const result = await siks(['token', '--role', 'verifikator_kabkota', '--region', '52.02'], env);
    expect(result.code).toBe(0);
    const token = result.out.trim();
    expect(decodeJwt(token)).toMatchObject({ iss: 'siks-ntb', aud: 'siks-ntb-services' });
    const matching = await createTokenVerifier({
      publicKey: keys.publicKey,
      issuer: 'siks-ntb',
      audience: 'siks-ntb-services',
    });
    await expect(matching.verify(token)).resolves.toMatchObject({ role: 'verifikator_kabkota' });
    await expect(createTokenVerifier({ publicKey: keys.publicKey }).then((v) => v.verify(token))).rejects.toThrow();
  });

  it('exits 2 with a usage hint on a bad command line', async () => {
    const result = await siks(['token', '--role', 'operator_desa', '--region', '52']);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.err).toContain('run `pnpm siks help` for usage');
  });
});
