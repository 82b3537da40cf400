import { createPostgresEventStore } from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { createTokenVerifier, generateSigningKeys, loadConfig, mintToken } from '@siks/service-kit';
import { withDatabase } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { eventStoreUserLog } from '../src/users/user-log.ts';

const url = await useTestDatabase('gateway');
const keys = await generateSigningKeys();
const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
const config = loadConfig(configSchema, { DATABASE_URL: url, JWT_PUBLIC_KEY: keys.publicKey, LOG_LEVEL: 'silent' });
const pool = createPool({ url, max: 2, applicationName: 'test-gateway' });
await migrate(pool, [migrations]);
// No user is administered here: the log is never written.
const userLog = eventStoreUserLog(createPostgresEventStore({ pool, notify: 'off' }));
const app = build({ config, pool, verifier, userLog });

// A pool whose database does not exist: readiness must fail.
const brokenPool = createPool({ url: withDatabase(url, 'no_such_database'), max: 1, applicationName: 'test-gateway' });
const broken = build({ config, pool: brokenPool, verifier, userLog });

afterAll(async () => {
  await Promise.all([app.close(), broken.close()]);
  await Promise.all([pool.end(), brokenPool.end()]);
});

describe('gateway service skeleton', () => {
  it('listens on its own port by default and created its schema', async () => {
    expect(config.PORT).toBe(3000);
    const { rows } = await pool.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'gateway'");
    expect(rows).toHaveLength(1);
  });

  it('answers /health/live and /health/ready against its database', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: [{ name: 'database', ok: true }] });
  });

  it('answers 503 from /health/ready when its database is unreachable', async () => {
    const ready = await broken.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      code: 'not_ready',
      checks: [{ name: 'database', ok: false, detail: '3D000' }],
    });
  });

  it('serves /metrics and /docs to signed-in callers only (the gateway is the public edge)', async () => {
    for (const url of ['/metrics', '/docs', '/docs/openapi.json'])
      expect((await app.inject({ url })).statusCode, url).toBe(401);
    const token = await mintToken(
      keys.privateKey,
      { sub: 'pusdatin-1', role: 'pusdatin', region: '', name: 'Pusdatin' },
      { expiresIn: '5m' },
    );
    const auth = { authorization: `Bearer ${token}` };
    const metrics = await app.inject({ url: '/metrics', headers: auth });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('service="gateway"');
    const openapi = await app.inject({ url: '/docs/openapi.json', headers: auth });
    expect(openapi.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'SIKS gateway' } });
    expect((await app.inject({ url: '/docs', headers: auth })).statusCode).toBe(200);
  });
});
