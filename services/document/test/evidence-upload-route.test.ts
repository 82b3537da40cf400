import { createHash } from 'node:crypto';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceError } from '../src/evidence/errors.ts';
import { registerUploadRoute, type UploadedDocument } from '../src/evidence/upload-route.ts';
import { createBlobStore } from '../src/storage/blob-store.ts';
import { StorageError } from '../src/storage/errors.ts';
import { fixture } from './evidence-fixtures.ts';
import { multipart, multipartHead, type FormPart } from './evidence-multipart.ts';

const PROPOSAL = '01950000-0000-7000-8000-0000000000aa';
const dirs: string[] = [];
let root: string;
let app: FastifyInstance;
let stored: UploadedDocument[];
let failOnStored: Error | undefined;

async function build(maxFileBytes = 1024 * 1024): Promise<FastifyInstance> {
  const instance = Fastify();
  // What the service kit will do: typed errors become problem documents with their code.
  instance.setErrorHandler((error, _request, reply) => {
    if (error instanceof EvidenceError || error instanceof StorageError) {
      return reply
        .code(error.status)
        .send({ code: error.code, params: error.params, errors: error instanceof EvidenceError ? error.errors : [] });
    }
    return reply.code(500).send({ code: 'internal_error', message: (error as Error).message });
  });
  let n = 0;
  await instance.register(registerUploadRoute, {
    blobStore: createBlobStore({ root }),
    maxFileBytes,
    newId: () => `01950000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    onStored: async (document) => {
      if (failOnStored) throw failOnStored;
      stored.push(document);
    },
  });
  return instance;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'siks-upload-'));
  dirs.push(root);
  stored = [];
  failOnStored = undefined;
  app = await build();
});
afterEach(async () => {
  await app.close();
});
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const upload = (parts: FormPart[], target = app) =>
  target.inject({ method: 'POST', url: '/v1/documents', ...multipart(parts) });
const file = async (name: string, filename = name, contentType?: string): Promise<FormPart> => ({
  name: 'file',
  filename,
  data: await readFile(fixture(name)),
  ...(contentType ? { contentType } : {}),
});
const sha256 = async (name: string) =>
  createHash('sha256')
    .update(await readFile(fixture(name)))
    .digest('hex');

/** Every file under the store's root (relative), temp files included. */
async function storeFiles(dir = root, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await storeFiles(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out;
}
const blobPath = (hash: string) => `${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;

describe('POST /v1/documents', () => {
  it('stores a geotagged photo by its hash and answers 201 with what it learned', async () => {
    const res = await upload([
      { name: 'kind', value: 'foto_rumah' },
      { name: 'proposalId', value: PROPOSAL },
      await file('photo-gps.jpg', 'IMG_0001.jpg', 'image/jpeg'),
    ]);
    expect(res.statusCode).toBe(201);
    const hash = await sha256('photo-gps.jpg');
    const body = res.json<UploadedDocument>();
    expect(body).toMatchObject({
      documentId: '01950000-0000-7000-8000-000000000001',
      sha256: hash,
      size: (await readFile(fixture('photo-gps.jpg'))).length,
      mediaType: 'image/jpeg',
      kind: 'foto_rumah',
      proposalId: PROPOSAL,
      geotag: { lat: -8.7056, lon: 116.2706, altitude: 112.5, capturedAt: '2025-03-10T09:15:30+08:00' },
    });
    expect(body.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
    expect(res.headers.location).toBe(`/v1/documents/${body.documentId}`);
    expect(stored).toEqual([body]);
    expect(await storeFiles()).toEqual([blobPath(hash)]);
    expect(res.body).not.toContain('IMG_0001');
  });

  it('accepts the fields after the file, and a PDF without geotag', async () => {
    const res = await upload([await file('document.pdf'), { name: 'kind', value: 'berita_acara' }]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      documentId: expect.any(String),
      sha256: await sha256('document.pdf'),
      size: expect.any(Number),
      mediaType: 'application/pdf',
      kind: 'berita_acara',
    });
  });

  it('keeps the same bytes once, as two documents', async () => {
    const first = await upload([{ name: 'kind', value: 'foto_rumah' }, await file('photo-no-exif.jpg')]);
    const second = await upload([{ name: 'kind', value: 'foto_rumah' }, await file('photo-no-exif.jpg', 'copy.jpeg')]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.json().sha256).toBe(second.json().sha256);
    expect(first.json().documentId).not.toBe(second.json().documentId);
    expect(await storeFiles()).toEqual([blobPath(await sha256('photo-no-exif.jpg'))]);
  });

  it('refuses a text file that claims to be a JPEG, keeping nothing', async () => {
    const res = await upload([
      { name: 'kind', value: 'foto_rumah' },
      await file('not-a-photo.jpg', 'rumah.jpg', 'image/jpeg'),
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_file_type', params: { detected: 'unknown' } });
    expect(stored).toEqual([]);
    expect(await storeFiles()).toEqual([]);
  });

  it('refuses a PNG sent as .jpg', async () => {
    const res = await upload([{ name: 'kind', value: 'foto_rumah' }, await file('image.png', 'rumah.jpg')]);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({
      code: 'file_type_mismatch',
      params: { claimed: 'image/jpeg', detected: 'image/png' },
    });
    expect(await storeFiles()).toEqual([]);
  });

  it('refuses an empty file', async () => {
    const res = await upload([
      { name: 'kind', value: 'ktp' },
      { name: 'file', filename: 'ktp.jpg', data: Buffer.alloc(0) },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'file_empty' });
    expect(await storeFiles()).toEqual([]);
  });

  it('refuses a file over the limit, keeping nothing', async () => {
    const small = await build(1000);
    const res = await upload(
      [
        { name: 'kind', value: 'kk' },
        { name: 'file', filename: 'kk.pdf', data: Buffer.alloc(5000, 0x25) },
      ],
      small,
    );
    await small.close();
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'file_too_large', params: { limit: 1000 } });
    expect(await storeFiles()).toEqual([]);
  });

  it('stops reading an oversized upload while it streams, and closes the connection', async () => {
    const small = await build(64 * 1024);
    await small.listen({ host: '127.0.0.1', port: 0 });
    const { port } = small.server.address() as AddressInfo;
    const result = await streamUpload(port, multipartHead([{ name: 'kind', value: 'berita_acara' }], 'ba.pdf'));
    await small.close();
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ code: 'file_too_large', params: { limit: 64 * 1024 } });
    expect(result.connection).toBe('close');
    // The client had 256 MiB to send; the answer came after a small part of it (what was
    // sent is mostly sitting in loopback socket buffers, ~4 MiB measured here).
    expect(result.sentWhenAnswered).toBeLessThan(32 * 1024 * 1024);
    expect(await storeFiles()).toEqual([]);
  });

  it('never uses the client file name as a path', async () => {
    const marker = `siks-traversal-${process.pid}-${Date.now()}.jpg`;
    for (const filename of ['../../etc/passwd', `../../${marker}`, `..\\..\\${marker}`, `/tmp/${marker}`]) {
      const res = await upload([{ name: 'kind', value: 'foto_rumah' }, await file('photo-gps.jpg', filename)]);
      expect(res.statusCode).toBe(201);
      expect(res.body).not.toContain(marker);
      expect(res.body).not.toContain('passwd');
    }
    expect(await storeFiles()).toEqual([blobPath(await sha256('photo-gps.jpg'))]);
    for (const place of [
      resolve(root, '..', '..', marker),
      resolve(root, marker),
      join(tmpdir(), marker),
      resolve(marker),
    ]) {
      await expect(access(place)).rejects.toMatchObject({ code: 'ENOENT' });
    }
  });

  it('names every missing part', async () => {
    const res = await upload([{ name: 'proposalId', value: PROPOSAL }]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      errors: [
        { path: 'file', code: 'required' },
        { path: 'kind', code: 'required' },
      ],
    });
  });

  it.each([
    [[{ name: 'kind', value: 'selfie' }], 'kind', 'invalid_value'],
    [
      [
        { name: 'kind', value: 'ktp' },
        { name: 'proposalId', value: '12345' },
      ],
      'proposalId',
      'invalid_format',
    ],
    [
      [
        { name: 'kind', value: 'ktp' },
        { name: 'kind', value: 'kk' },
      ],
      'kind',
      'duplicate',
    ],
    [[{ name: 'nik', value: '5202014101900001' }], 'nik', 'unrecognized_keys'],
    [[{ name: 'kind', value: 'k'.repeat(500) }], 'kind', 'too_big_string'],
  ])('refuses bad fields (%#: %s %s) and keeps nothing', async (fields, path, code) => {
    const res = await upload([...fields, await file('photo-gps.jpg')]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path, code }] });
    expect(res.body).not.toContain('5202014101900001');
    expect(await storeFiles()).toEqual([]);
    expect(stored).toEqual([]);
  });

  it('refuses a bad field that comes after the file, discarding the staged file', async () => {
    const res = await upload([await file('photo-gps.jpg'), { name: 'kind', value: 'selfie' }]);
    expect(res.statusCode).toBe(400);
    expect(await storeFiles()).toEqual([]);
  });

  it('refuses a file under another field name', async () => {
    const res = await upload([
      { name: 'kind', value: 'ktp' },
      { ...(await file('photo-gps.jpg')), name: 'photo' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ path: 'photo', code: 'unrecognized_keys' }] });
  });

  it('refuses two files and too many fields', async () => {
    const two = await upload([{ name: 'kind', value: 'ktp' }, await file('photo-gps.jpg'), await file('image.png')]);
    expect(two.statusCode).toBe(413);
    expect(two.json()).toMatchObject({ code: 'too_many_parts', params: { what: 'files' } });
    const fields = await upload([
      { name: 'kind', value: 'ktp' },
      { name: 'proposalId', value: PROPOSAL },
      { name: 'regionCode', value: '52.02.01.1001' },
      { name: 'channel', value: 'field' },
      { name: 'kind', value: 'kk' },
    ]);
    expect(fields.statusCode).toBe(413);
    expect(await storeFiles()).toEqual([]);
  });

  it('refuses a body that is not multipart', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/documents', payload: { kind: 'ktp' } });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'not_multipart' });
  });

  it('refuses a broken multipart body', async () => {
    const { headers } = multipart([]);
    const truncated = multipart([{ name: 'kind', value: 'ktp' }, await file('photo-gps.jpg')]).payload.subarray(0, 300);
    const res = await app.inject({ method: 'POST', url: '/v1/documents', headers, payload: truncated });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_multipart' });
    expect(await storeFiles()).toEqual([]);
  });

  it('answers with the error of onStored', async () => {
    failOnStored = new Error('event store down');
    const res = await upload([{ name: 'kind', value: 'foto_rumah' }, await file('photo-gps.jpg')]);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ message: 'event store down' });
    expect((await storeFiles()).filter((name) => name.startsWith('.tmp'))).toEqual([]);
  });
});

/**
 * Sends `head` then up to 256 MiB of file bytes over a real socket, as fast as the server reads
 * them, and stops writing once the answer arrives.
 */
function streamUpload(
  port: number,
  head: Buffer,
): Promise<{ status: number; body: string; connection: string | undefined; sentWhenAnswered: number }> {
  const total = 256 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 0x25);
  return new Promise((resolveResult, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/documents',
      headers: multipart([]).headers,
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.on('response', (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.on('end', () => {
        req.destroy();
        resolveResult({ status: res.statusCode ?? 0, body, connection: res.headers.connection, sentWhenAnswered });
      });
    });
    const pump = (): void => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    req.write(head);
    pump();
  });
}
