import { rm } from 'node:fs/promises';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from './support.ts';

const url = await useTestDatabase('document');
const harness = await createHarness(url);
const { app, platform } = harness;

afterAll(async () => {
  await harness.close();
});

describe('document service skeleton', () => {
  it('listens on its own port by default and created its schema and read model', async () => {
    expect(harness.config.PORT).toBe(3002);
    const { rows } = await platform.pool.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = 'document' AND table_name = 'documents'",
    );
    expect(rows).toHaveLength(1);
  });

  it('answers /health/live and /health/ready against its database and blob store', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'blobs', ok: true },
      ],
    });
  });

  it('serves /metrics and /docs with the document routes', async () => {
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('service="document"');
    const openapi = await app.inject({ url: '/docs/openapi.json' });
    expect(openapi.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'SIKS document' } });
    expect(Object.keys(openapi.json<{ paths: object }>().paths)).toEqual(
      expect.arrayContaining(['/v1/documents/{id}', '/v1/documents/{id}/content', '/v1/documents/{id}/links']),
    );
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
  });

  it('is not ready when the blob store is gone', async () => {
    await rm(harness.blobRoot, { recursive: true, force: true });
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      checks: [
        { name: 'database', ok: true },
        { name: 'blobs', ok: false },
      ],
    });
  });
});
