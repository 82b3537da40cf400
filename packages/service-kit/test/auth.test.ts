import Fastify from 'fastify';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertInScope,
  createServiceApp,
  createTokenVerifier,
  decodeKey,
  DEFAULT_JWT_AUDIENCE,
  DEFAULT_JWT_ISSUER,
  generateSigningKeys,
  mintToken,
  publicJwks,
  requireRole,
  type TokenClaims,
} from '../src/index.ts';
import { httpConfig, memoryLogger, testApp, type TestApp } from './helpers.ts';

const operator: TokenClaims = { sub: 'op-1', role: 'operator_desa', region: '52.02.01.2001', name: 'Operator' };
const verifier: TokenClaims = { sub: 'vk-1', role: 'verifikator_kabkota', region: '52.02', name: 'Verifikator' };

let t: TestApp;

beforeAll(async () => {
  t = await testApp((app) => {
    app.get('/me', async (request) => request.actor);
    app.get('/open', { config: { public: true } }, async (request) => ({ signedIn: request.maybeActor !== undefined }));
    app.post('/approve', { preHandler: requireRole('verifikator_kabkota', 'admin_kabkota') }, async () => ({
      ok: true,
    }));
    app.get('/villages/:code', async (request) => {
      const { code } = request.params as { code: string };
      assertInScope(request.actor, code);
      return { code };
    });
  });
});
afterAll(() => t.app.close());

const get = (url: string, token?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

describe('bearer tokens', () => {
  it('puts the verified actor on the request', async () => {
    const token = await mintToken(t.keys.privateKey, operator, { expiresIn: '15m' });
    const response = await get('/me', token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      userId: 'op-1',
      role: 'operator_desa',
      regionCode: '52.02.01.2001',
      name: 'Operator',
    });
  });

  it('answers 401 problem+json without a token', async () => {
    const response = await get('/me');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ code: 'unauthorized', status: 401, title: 'Perlu masuk' });
  });

  it('answers 401 token_expired for an expired token', async () => {
    const token = await mintToken(t.keys.privateKey, operator, {
      expiresIn: 60,
      now: new Date(Date.now() - 3_600_000),
    });
    const response = await get('/me', token, { 'accept-language': 'en' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'token_expired', title: 'Session expired' });
    expect(response.headers['www-authenticate']).toContain('invalid_token');
  });

  it('answers 401 to a token without an issuer or audience, or with wrong ones', async () => {
    const key = await importPKCS8(decodeKey(t.keys.privateKey, 'private'), 'EdDSA');
    const signed = (iss?: string, aud?: string) => {
      let jwt = new SignJWT({ role: operator.role, region: operator.region, name: operator.name })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject(operator.sub)
        .setIssuedAt()
        .setExpirationTime('5m');
      if (iss !== undefined) jwt = jwt.setIssuer(iss);
      if (aud !== undefined) jwt = jwt.setAudience(aud);
      return jwt.sign(key);
    };
    expect(DEFAULT_JWT_ISSUER).toBe('siks-gateway');
    expect(DEFAULT_JWT_AUDIENCE).toBe('siks');
    expect((await get('/me', await signed(DEFAULT_JWT_ISSUER, DEFAULT_JWT_AUDIENCE))).statusCode).toBe(200);
    for (const [iss, aud] of [
      [undefined, undefined],
      [undefined, DEFAULT_JWT_AUDIENCE],
      [DEFAULT_JWT_ISSUER, undefined],
      ['elsewhere', DEFAULT_JWT_AUDIENCE],
      [DEFAULT_JWT_ISSUER, 'another-system'],
    ] as const) {
      expect((await get('/me', await signed(iss, aud))).statusCode, `iss=${iss} aud=${aud}`).toBe(401);
    }
    // mintToken always names the issuer and audience (the defaults unless told otherwise).
    const minted = decodeJwt(await mintToken(t.keys.privateKey, operator, { expiresIn: '5m' }));
    expect(minted).toMatchObject({ iss: DEFAULT_JWT_ISSUER, aud: DEFAULT_JWT_AUDIENCE });
    const other = await mintToken(t.keys.privateKey, operator, { expiresIn: '5m', audience: 'another-system' });
    expect((await get('/me', other)).statusCode).toBe(401);
  });

  it('answers 401 for a token signed with another key', async () => {
    const other = await generateSigningKeys();
    const token = await mintToken(other.privateKey, operator, { expiresIn: '15m' });
    expect((await get('/me', token)).statusCode).toBe(401);
  });

  it('answers 401 for a malformed header or a tampered token', async () => {
    const token = await mintToken(t.keys.privateKey, operator, { expiresIn: '15m' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...operator, role: 'pusdatin', region: '', exp: 9e9 })).toString(
      'base64url',
    );
    expect((await get('/me', `${header}.${forged}.${signature}`)).statusCode).toBe(401);
    const basic = await t.app.inject({ url: '/me', headers: { authorization: 'Basic dXNlcjpwdw==' } });
    expect(basic.statusCode).toBe(401);
  });

  it('lets public routes through without a token, and still verifies one that is sent', async () => {
    expect((await get('/open')).json()).toEqual({ signedIn: false });
    const token = await mintToken(t.keys.privateKey, operator, { expiresIn: '15m' });
    expect((await get('/open', token)).json()).toEqual({ signedIn: true });
    expect((await get('/open', 'a.b.c')).statusCode).toBe(401);
  });

  it('answers 403 to a role that is not allowed', async () => {
    const token = await mintToken(t.keys.privateKey, operator, { expiresIn: '15m' });
    const response = await t.app.inject({
      method: 'POST',
      url: '/approve',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    const allowed = await mintToken(t.keys.privateKey, verifier, { expiresIn: '15m' });
    const ok = await t.app.inject({ method: 'POST', url: '/approve', headers: { authorization: `Bearer ${allowed}` } });
    expect(ok.statusCode).toBe(200);
  });

  it('answers 404 outside the actor scope, as for something that does not exist', async () => {
    const token = await mintToken(t.keys.privateKey, operator, { expiresIn: '15m' });
    expect((await get('/villages/52.02.01.2001', token)).statusCode).toBe(200);
    const other = await get('/villages/52.02.01.2002', token);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'not_found' });
    const district = await mintToken(t.keys.privateKey, verifier, { expiresIn: '15m' });
    expect((await get('/villages/52.02.01.2002', district)).statusCode).toBe(200);
    expect((await get('/villages/52.03.01.2001', district)).statusCode).toBe(404);
  });

  it('refuses to mint a token whose region does not fit the role', async () => {
    await expect(mintToken(t.keys.privateKey, { ...operator, region: '52.02' }, { expiresIn: '1h' })).rejects.toThrow(
      /not a valid scope/,
    );
  });
});

describe('JWKS verification', () => {
  const jwksServer = Fastify();
  let url = '';

  beforeAll(async () => {
    const keys = await generateSigningKeys();
    const jwks = await publicJwks(keys.publicKey);
    jwksServer.get('/.well-known/jwks.json', async () => jwks);
    url = `${await jwksServer.listen({ port: 0, host: '127.0.0.1' })}/.well-known/jwks.json`;
    Object.assign(jwksServer, { signingKey: keys.privateKey, kid: keys.kid });
  });
  afterAll(() => jwksServer.close());

  it('verifies tokens against keys fetched from a JWKS URL', async () => {
    const { signingKey, kid } = jwksServer as unknown as { signingKey: string; kid: string };
    const app = createServiceApp({
      name: 'jwks',
      config: httpConfig,
      logger: memoryLogger().logger,
      auth: await createTokenVerifier({ jwksUrl: url, issuer: 'siks-gateway' }),
      ready: async () => [],
    });
    app.get('/me', async (request) => request.actor.userId);
    const good = await mintToken(signingKey, verifier, { expiresIn: '5m', kid, issuer: 'siks-gateway' });
    const wrongIssuer = await mintToken(signingKey, verifier, { expiresIn: '5m', kid, issuer: 'elsewhere' });
    expect((await app.inject({ url: '/me', headers: { authorization: `Bearer ${good}` } })).body).toBe('vk-1');
    expect((await app.inject({ url: '/me', headers: { authorization: `Bearer ${wrongIssuer}` } })).statusCode).toBe(
      401,
    );
    await app.close();
  });
});
