import { createPool } from '@siks/pg';
import { createTokenVerifier, generateSigningKeys, loadConfig } from '@siks/service-kit';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.ts';
import { buildWorkersApp } from '../src/workers-app.ts';

const url = await useTestDatabase('intake_workers_app');
const pool = createPool({ url, max: 2, applicationName: 'intake-workers-app-test' });
const keys = await generateSigningKeys();
const config = loadConfig(configSchema, {
  DATABASE_URL: url,
  JWT_PUBLIC_KEY: keys.publicKey,
  LOG_LEVEL: 'silent',
  INTAKE_ROLE: 'workers',
});
const app = buildWorkersApp({ config, pool, verifier: await createTokenVerifier({ publicKey: keys.publicKey }) });
afterAll(async () => {
  await app.close();
  await pool.end();
});

describe('INTAKE_ROLE=workers: the HTTP side of the workers process', () => {
  it('answers health probes, with the database checked', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.body).toContain('database');
  });

  it('serves no intake routes: proposals go to the api process', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/intake/proposals', payload: {} });
    expect(response.statusCode).toBe(404);
  });

  it('refuses a role that does not exist, naming the setting', () => {
    expect(() => loadConfig(configSchema, { DATABASE_URL: url, INTAKE_ROLE: 'both' })).toThrow(/INTAKE_ROLE/);
  });
});
