import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mintToken } from '../src/index.ts';
import { memoryLogger, testApp } from './helpers.ts';

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
});
