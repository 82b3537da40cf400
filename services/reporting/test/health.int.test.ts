import { createPostgresBus } from '@siks/bus';
import { createPool, migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { createTokenVerifier, generateSigningKeys, loadConfig } from '@siks/service-kit';
import { withDatabase } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { createRegions } from '@siks/wilayah';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';

const url = await useTestDatabase('reporting');
const keys = await generateSigningKeys();
const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
const config = loadConfig(configSchema, { DATABASE_URL: url, JWT_PUBLIC_KEY: keys.publicKey, LOG_LEVEL: 'silent' });
const platform = await createTestPlatform(url, 'reporting-health');
await migrate(platform.pool, [migrations]);
const regions = createRegions({ provinces: [], regencies: [], districts: [], villages: [] });
const app = build({ config, pool: platform.pool, bus: platform.bus, regions, verifier });

// A pool whose database does not exist: readiness must fail.
const brokenPool = createPool({
  url: withDatabase(url, 'no_such_database'),
  max: 1,
  applicationName: 'test-reporting',
});
const brokenBus = createPostgresBus({ pool: brokenPool });
const broken = build({ config, pool: brokenPool, bus: brokenBus, regions, verifier });

afterAll(async () => {
  await Promise.all([app.close(), broken.close()]);
  await brokenBus.close();
  await brokenPool.end();
  await platform.close();
});

describe('reporting service skeleton', () => {
  it('listens on its own port by default and created its schema', async () => {
    expect(config.PORT).toBe(3005);
    expect(config.REPORTS_TIME_ZONE).toBe('Asia/Jakarta');
    const { rows } = await platform.pool.query(
      "SELECT 1 FROM information_schema.schemata WHERE schema_name = 'reporting'",
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses a time zone that does not exist', () => {
    expect(() =>
      loadConfig(configSchema, { DATABASE_URL: url, JWT_PUBLIC_KEY: keys.publicKey, REPORTS_TIME_ZONE: 'Asia/Praya' }),
    ).toThrow(/REPORTS_TIME_ZONE/);
  });

  it('answers /health/live and /health/ready against its database and bus', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'bus', ok: true },
      ],
    });
  });

  it('answers 503 from /health/ready when its database is unreachable', async () => {
    const ready = await broken.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      code: 'not_ready',
      checks: [
        { name: 'database', ok: false, detail: '3D000' },
        { name: 'bus', ok: false, detail: '3D000' },
      ],
    });
  });

  it('serves /metrics with projection lag, and /docs', async () => {
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('service="reporting"');
    expect(metrics.body).toContain('reporting_projection_lag_events{projection="audit",service="reporting"} 0');
    const openapi = await app.inject({ url: '/docs/openapi.json' });
    expect(openapi.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'SIKS reporting' } });
    expect(Object.keys(openapi.json().paths)).toEqual(
      expect.arrayContaining(['/v1/reports/audit', '/v1/reports/lag', '/v1/reports/regions/{code}/summary']),
    );
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
  });
});
