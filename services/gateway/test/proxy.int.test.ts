import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, generateSigningKeys, mintToken, ProblemError } from '@siks/service-kit';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewayHarness } from './harness.ts';

// A stand-in for the services: echoes what it received.
const upstream = Fastify();
upstream.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
  const hash = createHash('sha256');
  let bytes = 0;
  payload.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  payload.on('end', () => done(null, { bytes, sha256: hash.digest('hex') }));
  payload.on('error', done);
});
const echo = (request: import('fastify').FastifyRequest) => ({
  method: request.method,
  url: request.url,
  authorization: request.headers.authorization ?? null,
  cookie: request.headers.cookie ?? null,
  forwardedFor: request.headers['x-forwarded-for'] ?? null,
  requestId: request.headers['x-request-id'] ?? null,
  contentType: request.headers['content-type'] ?? null,
  body: request.body ?? null,
});
upstream.all('/v1/intake/*', async (request) => echo(request));
upstream.post('/v1/documents', async (request) => echo(request));
// The document service's own policy on file content: no scripts, a sandbox.
const SANDBOX_CSP = "default-src 'none'; img-src 'self'; sandbox";
upstream.get('/v1/documents/:id/content', async (_request, reply) =>
  reply.header('content-type', 'image/png').header('content-security-policy', SANDBOX_CSP).send(Buffer.from('png')),
);
upstream.get('/v1/reports/missing', async (_request, reply) =>
  reply.code(404).header('content-type', 'application/problem+json').send({ status: 404, code: 'not_found' }),
);
await upstream.listen({ port: 0, host: '127.0.0.1' });
const upstreamUrl = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;

// A port nobody listens on: a service that is down.
const closed = Fastify();
await closed.listen({ port: 0, host: '127.0.0.1' });
const deadUrl = `http://127.0.0.1:${(closed.server.address() as AddressInfo).port}`;
await closed.close();

const h = await gatewayHarness({
  INTAKE_URL: upstreamUrl,
  DOCUMENT_URL: upstreamUrl,
  REPORTING_URL: upstreamUrl,
  REGISTRY_URL: deadUrl,
});
afterAll(() => upstream.close());
const operator = await h.createUser({ username: 'operator.praya', role: 'operator_desa', regionCode: '52.02.01.1001' });
const token = await h.tokenFor(operator);

describe('reverse proxy', () => {
  it("keeps the document service's sandbox policy on file content instead of the console's", async () => {
    const response = await h.app.inject({
      url: '/v1/documents/01950000-0000-7000-8000-000000000001/content',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toBe(SANDBOX_CSP);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    // Everything else still gets the console's policy.
    const other = await h.app.inject({ url: '/v1/reports/missing', headers: { authorization: `Bearer ${token}` } });
    expect(other.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('passes the Authorization header unchanged, the query and JSON bodies, but not the cookies', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/intake/proposals?limit=5&status=draft',
      headers: {
        authorization: `Bearer ${token}`,
        cookie: 'siks_csrf=abc; other=1',
        'x-request-id': 'req-123',
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ proposalType: 'new_household', nested: { a: [1, 2] } }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      method: 'POST',
      url: '/v1/intake/proposals?limit=5&status=draft',
      authorization: `Bearer ${token}`,
      cookie: null,
      forwardedFor: '127.0.0.1',
      requestId: 'req-123',
      contentType: 'application/json',
      body: { proposalType: 'new_household', nested: { a: [1, 2] } },
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('streams a multipart upload larger than the gateway’s own body limit', async () => {
    const boundary = '----siks-test-boundary';
    const file = Buffer.alloc(2 * 1024 * 1024 + 17, 7);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nfoto_rumah\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rumah.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(payload.length).toBeGreaterThan(h.config.HTTP_BODY_LIMIT_BYTES);
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/documents',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().body).toEqual({
      bytes: payload.length,
      sha256: createHash('sha256').update(payload).digest('hex'),
    });
  });

  it('passes the service’s own answers through (status and content type)', async () => {
    const response = await h.app.inject({ url: '/v1/reports/missing', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The service's body, not a gateway problem (those carry a requestId).
    expect(response.json()).toEqual({ status: 404, code: 'not_found' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('leaves the token check to the services, but refuses a forged token itself', async () => {
    const anonymous = await h.app.inject({ url: '/v1/intake/status/abc' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json().authorization).toBeNull();
    const forged = await h.app.inject({ url: '/v1/intake/x', headers: { authorization: 'Bearer a.b.c' } });
    expect(forged.statusCode).toBe(401);
  });

  it('answers 502 problem+json when the service is down', async () => {
    const response = await h.app.inject({
      url: '/v1/registry/households',
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(502);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toMatchObject({
      code: 'bad_gateway',
      title: 'Service unreachable',
      detail: 'The registry service is not answering. Try again shortly.',
    });
    expect(response.headers['content-security-policy']).toBeDefined();
  });

  it('sends the public status check to the registry, without an account', async () => {
    // The registry is down in this harness: the 502 names the service the path went to.
    const response = await h.app.inject({ url: '/v1/public/status', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(502);
    expect(response.json().detail).toBe('The registry service is not answering. Try again shortly.');
  });

  it('answers unknown /v1 paths with a 404 problem, not the console', async () => {
    const response = await h.app.inject({ url: '/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('route_not_found');
  });
});

describe('JWKS', () => {
  it('lets a service verify the gateway’s tokens over HTTP', async () => {
    const app = h.buildApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const jwks = await fetch(`${base}/.well-known/jwks.json`);
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await jwks.json()).toEqual({
      keys: [expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })],
    });

    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator.praya', password: 'kata-sandi-uji-123' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const verifier = await createTokenVerifier({ jwksUrl: `${base}/.well-known/jwks.json`, clock: h.clock.now });
    expect(await verifier.verify(accessToken)).toEqual({
      userId: operator.id,
      role: 'operator_desa',
      regionCode: '52.02.01.1001',
      name: 'Test operator.praya',
    });
    const stranger = await generateSigningKeys();
    const foreign = await mintToken(
      stranger.privateKey,
      { sub: 'x', role: 'pusdatin', region: '', name: '' },
      { expiresIn: 60, now: h.clock.now() },
    );
    await expect(verifier.verify(foreign)).rejects.toBeInstanceOf(ProblemError);
  });
});
