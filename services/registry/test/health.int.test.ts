import { randomBytes } from 'node:crypto';
import { migrate } from '@siks/pg';
import { createPool } from '@siks/pg';
import { Topics } from '@siks/contracts';
import { consumerReadiness, createTestPlatform } from '@siks/platform';
import { createTokenVerifier, generateSigningKeys, loadConfig } from '@siks/service-kit';
import { withDatabase } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';

const url = await useTestDatabase('registry');
const keys = await generateSigningKeys();
const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
const config = loadConfig(configSchema, {
  DATABASE_URL: url,
  JWT_PUBLIC_KEY: keys.publicKey,
  PII_MASTER_KEY: randomBytes(32).toString('base64'),
  PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'silent',
});
const platform = await createTestPlatform(url, 'registry');
await migrate(platform.pool, [migrations]);
const app = build({ config, platform, verifier });

// A pool whose database does not exist: readiness must fail.
const brokenPool = createPool({ url: withDatabase(url, 'no_such_database'), max: 1, applicationName: 'test-registry' });
const broken = build({ config, platform: { ...platform, pool: brokenPool }, verifier });

afterAll(async () => {
  await Promise.all([app.close(), broken.close()]);
  await brokenPool.end();
  await platform.close();
});

describe('registry service skeleton', () => {
  it('listens on its own port by default and created its schema', async () => {
    expect(config.PORT).toBe(3004);
    const { rows } = await platform.pool.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = 'registry' AND table_name = 'households'",
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses to start without the PII keys', () => {
    expect(() => loadConfig(configSchema, { DATABASE_URL: url, JWT_PUBLIC_KEY: keys.publicKey })).toThrow(
      /PII_MASTER_KEY/,
    );
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
    expect(metrics.body).toContain('service="registry"');
    const openapi = await app.inject({ url: '/docs/openapi.json' });
    expect(openapi.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'SIKS registry' } });
    expect(Object.keys(openapi.json().paths)).toEqual(
      expect.arrayContaining(['/v1/registry/households/{id}', '/v1/registry/lookup', '/v1/registry/cutoffs']),
    );
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
  });

  it('answers 503 from /health/ready while a consumer group of the service is stuck, 200 once it moves', async () => {
    // As main.ts wires it, with a threshold of one second; a consumer whose handler hangs.
    const watched = build({ config, platform, verifier });
    watched.addReadinessChecks(consumerReadiness(platform, { HEALTH_CONSUMER_STUCK_SECONDS: 1 }));
    let release: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const consumer = await platform.bus.consume({
      groupId: 'registry.health-probe',
      topics: [Topics.intakeProposals],
      handle: () => hanging,
    });
    try {
      await platform.bus.publish(Topics.intakeProposals, [{ key: 'k', value: '{}' }]);
      const first = await watched.inject({ url: '/health/ready' });
      expect(first.statusCode).toBe(200);
      expect(first.json().checks).toContainEqual({ name: 'consumer:registry.health-probe', ok: true });
      // Stuck once its offset stood still for the threshold: a second on a quiet machine, later
      // when the member takes its partition late (it is not moving meanwhile either).
      await new Promise((resolve) => setTimeout(resolve, 1100));
      let stuck = await watched.inject({ url: '/health/ready' });
      for (let tries = 0; stuck.statusCode !== 503 && tries < 80; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        stuck = await watched.inject({ url: '/health/ready' });
      }
      expect(stuck.statusCode).toBe(503);
      expect(stuck.json()).toMatchObject({
        code: 'not_ready',
        checks: expect.arrayContaining([{ name: 'consumer:registry.health-probe', ok: false, detail: 'stuck' }]),
      });
      release();
      let ready = await watched.inject({ url: '/health/ready' });
      for (let tries = 0; ready.statusCode !== 200 && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        ready = await watched.inject({ url: '/health/ready' });
      }
      expect(ready.statusCode).toBe(200);
    } finally {
      release();
      await consumer.stop();
      await watched.close();
    }
  });
});
