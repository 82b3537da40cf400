import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Gauge, runCheck } from '../src/index.ts';
import { testApp, type TestApp } from './helpers.ts';

let healthy = true;
let t: TestApp;

beforeAll(async () => {
  t = await testApp(
    (app) => {
      app.get(
        '/v1/things/:thingId',
        {
          schema: {
            summary: 'Read a thing',
            params: z.object({ thingId: z.uuid() }),
            querystring: z.object({ view: z.enum(['short', 'full']).optional() }),
            response: { 200: z.object({ id: z.string() }) },
          },
        },
        async (request) => ({ id: request.params.thingId, secret: 'not documented' }),
      );
      app.post(
        '/v1/things',
        { schema: { body: z.object({ label: z.string().min(1) }), response: { 201: z.object({ id: z.string() }) } } },
        async (_request, reply) => reply.code(201).send({ id: 'x' }),
      );
      new Gauge({ name: 'consumer_lag', help: 'lag', registers: [app.metrics] }).set(7);
    },
    {
      ready: async () => [
        { name: 'database', ok: true },
        await runCheck('bus', async () => {
          if (!healthy) throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
        }),
      ],
    },
  );
});
afterAll(() => t.app.close());

describe('health', () => {
  it('answers live without a token', async () => {
    const response = await t.app.inject({ url: '/health/live' });
    expect([response.statusCode, response.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('answers ready with the checks when all pass', async () => {
    healthy = true;
    const response = await t.app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'bus', ok: true },
      ],
    });
  });

  it('answers 503 problem+json naming the failed check, without the error message', async () => {
    healthy = false;
    const response = await t.app.inject({ url: '/health/ready', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      code: 'not_ready',
      detail: 'Failed checks: bus.',
      checks: [
        { name: 'database', ok: true },
        { name: 'bus', ok: false, detail: 'ECONNREFUSED' },
      ],
    });
    expect(response.body).not.toContain('10.1.2.3');
  });

  it('reports a check that hangs as a timeout', async () => {
    const check = await runCheck('slow', () => new Promise(() => undefined), { timeoutMs: 20 });
    expect(check).toEqual({ name: 'slow', ok: false, detail: 'timeout' });
  });
});

describe('metrics', () => {
  it('serves Prometheus text with request durations by route template and custom metrics', async () => {
    await t.app.inject({ url: '/v1/things/0190e0b0-0000-7000-8000-000000000000' });
    await t.app.inject({ url: '/nowhere' });
    const response = await t.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{service="test",method="GET",route="\/v1\/things\/:thingId",status_code="401"\} 1/,
    );
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{service="test",method="GET",route="unmatched",status_code="404"\} 1/,
    );
    expect(response.body).toMatch(/consumer_lag\{service="test"\} 7/);
    expect(response.body).toContain('process_resident_memory_bytes');
  });
});

describe('docs', () => {
  it('serves an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const response = await t.app.inject({ url: '/docs/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(['/v1/things', '/v1/things/{thingId}']);
    const read = document.paths['/v1/things/{thingId}'].get;
    expect(read.summary).toBe('Read a thing');
    expect(read.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'thingId', in: 'path', required: true }),
        expect.objectContaining({ name: 'view', in: 'query', required: false }),
      ]),
    );
    expect(read.responses['200'].content['application/json'].schema.properties).toHaveProperty('id');
    const create = document.paths['/v1/things'].post;
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['label'],
    });
  });

  it('serves an HTML index of the routes', async () => {
    const response = await t.app.inject({ url: '/docs' });
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('/v1/things/:thingId');
    expect(response.body).not.toContain('<script');
  });
});

describe('response schemas', () => {
  it('strip fields a response schema does not declare', async () => {
    const { mintToken } = await import('../src/index.ts');
    const token = await mintToken(
      t.keys.privateKey,
      { sub: 'a', role: 'auditor', region: '52', name: 'A' },
      { expiresIn: '1m' },
    );
    const response = await t.app.inject({
      url: '/v1/things/0190e0b0-0000-7000-8000-000000000000',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.json()).toEqual({ id: '0190e0b0-0000-7000-8000-000000000000' });
  });
});
