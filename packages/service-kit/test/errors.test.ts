import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { conflict, mintToken, parse, ProblemError } from '../src/index.ts';
import { testApp, type TestApp } from './helpers.ts';

const Member = z.object({
  nik: z.string().regex(/^\d{16}$/, 'nik_invalid'),
  name: z.string().min(2),
});
const Body = z.object({
  regionCode: z.string().regex(/^\d{2}$/, 'kode wilayah tidak valid'),
  size: z.number().int().max(20),
  members: z.array(Member).min(1),
});

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await testApp(
    (app) => {
      app.post('/things', { schema: { body: Body } }, async (request, reply) =>
        reply.code(201).send({ count: request.body.members.length }),
      );
      app.get('/things/:id', { schema: { params: z.object({ id: z.uuid() }) } }, async (request) => ({
        id: request.params.id,
      }));
      app.get('/conflict', async () => {
        throw conflict({ currentRevision: 3 });
      });
      app.get('/boom', async () => {
        throw new Error('connection to 10.0.0.7 failed for NIK 5202010101900001');
      });
      app.post('/manual', async (request) => parse(z.object({ limit: z.number() }), request.body));
    },
    { messages: { fields: { nik_invalid: { id: 'NIK harus 16 angka', en: 'NIK must be 16 digits' } } } },
  );
  token = await mintToken(
    t.keys.privateKey,
    { sub: 'u1', role: 'pusdatin', region: '', name: 'Pusat' },
    { expiresIn: '1h' },
  );
});
afterAll(() => t.app.close());

const post = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describe('problem+json errors', () => {
  it('reports every invalid field in Bahasa Indonesia by default', async () => {
    const response = await post('/things', { regionCode: 'x', size: 50, members: [{ nik: '123' }] });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['content-language']).toBe('id');
    const body = response.json();
    expect(body).toMatchObject({
      type: 'urn:siks:problem:validation_failed',
      title: 'Data tidak valid',
      status: 400,
      code: 'validation_failed',
      instance: '/things',
    });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'regionCode', code: 'invalid_format', message: 'kode wilayah tidak valid' },
        { path: 'size', code: 'too_big', message: 'maksimal 20' },
        { path: 'members.0.nik', code: 'nik_invalid', message: 'NIK harus 16 angka' },
        { path: 'members.0.name', code: 'required', message: 'wajib diisi' },
      ]),
    );
    expect(body.errors).toHaveLength(4);
    expect(response.body).not.toContain('123"');
  });

  it('answers in English with Accept-Language: en', async () => {
    const response = await post(
      '/things',
      { regionCode: '52', size: 1, members: [] },
      { 'accept-language': 'en-US,en;q=0.9' },
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-language']).toBe('en');
    const body = response.json();
    expect(body.title).toBe('Invalid data');
    expect(body.errors).toEqual([{ path: 'members', code: 'too_small_array', message: 'must have at least 1 items' }]);
  });

  it('validates path parameters with a prefixed path', async () => {
    const response = await t.app.inject({ url: '/things/not-a-uuid', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: 'params.id', code: 'invalid_format', message: 'format tidak valid (uuid)' },
    ]);
  });

  it('maps parse() failures the same way', async () => {
    const response = await post('/manual', { limit: 'ten' }, { 'accept-language': 'en' });
    expect(response.json().errors).toEqual([
      { path: 'limit', code: 'invalid_type', message: 'must be of type number' },
    ]);
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await post('/things', '{"regionCode": ');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'malformed_json', title: 'JSON tidak dapat dibaca' });
  });

  it('rejects a body that is not JSON with 415', async () => {
    const response = await post('/things', 'hello', { 'content-type': 'text/plain' });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_media_type', status: 415 });
  });

  it('rejects a body over the limit with 413', async () => {
    const response = await post(
      '/things',
      { regionCode: '52', size: 1, members: [], pad: 'x'.repeat(5000) },
      { 'accept-language': 'en' },
    );
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'payload_too_large', detail: 'The maximum size is 2048 bytes.' });
  });

  it('answers unknown routes with 404 problem+json, even without a token', async () => {
    const response = await t.app.inject({ url: '/nowhere?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'route_not_found', instance: '/nowhere' });
  });

  it('turns the conflict helper into 409 with its extensions', async () => {
    const response = await t.app.inject({ url: '/conflict', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'conflict', currentRevision: 3, title: 'Terjadi konflik' });
  });

  it('hides internals of a 500 and names the request id', async () => {
    const response = await t.app.inject({
      url: '/boom',
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-42' },
    });
    expect(response.statusCode).toBe(500);
    expect(response.headers['x-request-id']).toBe('req-42');
    expect(response.body).not.toContain('10.0.0.7');
    expect(response.body).not.toContain('5202010101900001');
    expect(response.json()).toMatchObject({ code: 'internal_error', requestId: 'req-42' });
    expect(response.json().detail).toContain('req-42');
  });

  it('keeps ProblemError status and code for custom problems', () => {
    const problem = new ProblemError({ status: 422, code: 'window_closed' });
    expect([problem.status, problem.code]).toEqual([422, 'window_closed']);
  });
});
