import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, createServiceApp, createTokenVerifier, generateSigningKeys, mintToken } from '../src/index.ts';
import { httpConfig, memoryLogger, testApp } from './helpers.ts';

const NIK = '5202014506900001';

describe('log redaction', () => {
  it('keeps a NIK and other personal fields out of the output at any position', () => {
    const { logger, lines } = memoryLogger();
    logger.info({ nik: NIK }, 'top level');
    logger.info(
      { proposal: { household: { members: [{ nik: NIK, nama: 'Siti Aminah', tanggalLahir: '1990-06-05' }] } } },
      'nested',
    );
    logger.child({ noKk: NIK }).warn({ alamat: 'Jl. Melati 5', phone: '08123456789' }, 'child');
    logger.info({ req: { headers: { authorization: 'Bearer secret-token', cookie: 'sid=abc' } } }, 'headers');
    logger.info({ res: { headers: { 'set-cookie': 'sid=abc' } } }, 'set-cookie');
    const output = lines().join('\n');
    expect(lines()).toHaveLength(5);
    for (const secret of [NIK, 'Siti Aminah', '1990-06-05', 'Jl. Melati', '08123456789', 'secret-token', 'sid=abc']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('[REDACTED]');
    expect(JSON.parse(lines()[0] ?? '{}')).toMatchObject({ level: 'info', service: 'test', msg: 'top level' });
  });

  it('keeps a NIK sent in a request out of the request log', async () => {
    const t = await testApp((app) => {
      app.post('/members', { schema: { body: z.object({ nik: z.string().length(20) }) } }, async () => 'ok');
      app.post('/fail', async (request) => {
        request.log.info({ body: request.body }, 'handling');
        throw new Error('boom');
      });
    });
    const token = await mintToken(
      t.keys.privateKey,
      { sub: 'u', role: 'pusdatin', region: '', name: 'X' },
      { expiresIn: '1m' },
    );
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const invalid = await t.app.inject({ method: 'POST', url: `/members?nik=${NIK}`, headers, payload: { nik: NIK } });
    expect(invalid.statusCode).toBe(400);
    await t.app.inject({ method: 'POST', url: '/fail', headers, payload: { member: { nik: NIK } } });
    await t.app.close();
    const output = t.lines().join('\n');
    expect(output).toContain('request rejected');
    expect(output).toContain('handling');
    expect(output).not.toContain(NIK);
    expect(output).not.toContain(token);
    const completed = t
      .lines()
      .map((line) => JSON.parse(line))
      .find((line) => line.msg === 'incoming request');
    expect(completed).toMatchObject({ req: { method: 'POST', path: '/members' } });
    expect(completed.requestId).toEqual(expect.any(String));
  });

  it("keeps a complaint filer's address out of the log, but not other callers'", async () => {
    const t = await testApp((app) => {
      app.post('/v1/intake/complaints', { config: { public: true } }, async () => ({ complaintId: 'x' }));
      app.get('/open', { config: { public: true } }, async () => 'ok');
    });
    await t.app.inject({ method: 'POST', url: '/v1/intake/complaints', payload: {}, remoteAddress: '198.51.100.7' });
    await t.app.inject({
      method: 'POST',
      url: '/v1/intake/complaints?x=1',
      payload: {},
      remoteAddress: '198.51.100.8',
    });
    await t.app.inject({ url: '/open', remoteAddress: '203.0.113.5' });
    await t.app.close();
    const output = t.lines().join('\n');
    expect(output).toContain('/v1/intake/complaints');
    expect(output).not.toContain('198.51.100.7');
    expect(output).not.toContain('198.51.100.8');
    expect(output).toContain('203.0.113.5');
  });

  it('gives each request a child logger with its request id, except when the level is silent', async () => {
    const keys = await generateSigningKeys();
    const perRequest = async (level: 'silent' | 'info'): Promise<{ own: boolean; requestId: unknown }> => {
      const destination = new Writable({ write: (_chunk, _encoding, callback) => callback() });
      const logger = createLogger({ service: 'test', level, destination });
      const app = createServiceApp({
        name: 'test',
        config: httpConfig,
        logger,
        auth: await createTokenVerifier({ publicKey: keys.publicKey }),
        ready: async () => [],
      });
      app.get('/who', { config: { public: true } }, async (request) => ({
        own: request.log !== app.log,
        requestId: (request.log as unknown as { bindings(): Record<string, unknown> }).bindings()['requestId'],
      }));
      const response = await app.inject({ method: 'GET', url: '/who', headers: { 'x-request-id': 'req-7' } });
      await app.close();
      return response.json();
    };
    expect(await perRequest('info')).toEqual({ own: true, requestId: 'req-7' });
    // Silent: nothing is written, so no child (pino redacts every child's bindings: a cost per request).
    expect(await perRequest('silent')).toEqual({ own: false });
  });
});
