import { createPool, migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { createTokenVerifier, generateSigningKeys, loadConfig } from '@siks/service-kit';
import { withDatabase } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';

const url = await useTestDatabase('verification');
const keys = await generateSigningKeys();
const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
const config = loadConfig(configSchema, { DATABASE_URL: url, JWT_PUBLIC_KEY: keys.publicKey, LOG_LEVEL: 'silent' });
const platform = await createTestPlatform(url, 'verification');
const { pool, store, keyring } = platform;
await migrate(pool, [migrations]);
const app = build({ config, pool, store, keyring, verifier });

// A pool whose database does not exist: readiness must fail.
const brokenPool = createPool({
  url: withDatabase(url, 'no_such_database'),
  max: 1,
  applicationName: 'test-verification',
});
const broken = build({ config, pool: brokenPool, store, keyring, verifier });

afterAll(async () => {
  await Promise.all([app.close(), broken.close()]);
  await Promise.all([platform.close(), brokenPool.end()]);
});

describe('verification service skeleton', () => {
  it('listens on its own port by default and created its schema', async () => {
    expect(config.PORT).toBe(3003);
    const { rows } = await pool.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'verification'");
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

  it('serves /metrics and /docs', async () => {
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('service="verification"');
    const openapi = await app.inject({ url: '/docs/openapi.json' });
    expect(openapi.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'SIKS verification' } });
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
  });
});
