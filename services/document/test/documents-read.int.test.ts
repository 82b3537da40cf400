import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './evidence-fixtures.ts';
import { multipart, type FormPart } from './evidence-multipart.ts';
import { createHarness, NEIGHBOUR, sealedPath, VILLAGE } from './support.ts';

const url = await useTestDatabase('document_read');
const harness = await createHarness(url);
const { app } = harness;
const operator = await harness.token('operator_desa', VILLAGE, { sub: 'op-praya' });
const neighbour = await harness.token('operator_desa', NEIGHBOUR, { sub: 'op-leneng' });
const officer = await harness.token('verifikator_kabkota', '52.02', { sub: 'verif-loteng' });
const otherOfficer = await harness.token('verifikator_kabkota', '52.01');
const auditor = await harness.token('auditor', '52.02');
const PROPOSAL = '01950000-0000-7000-8000-0000000000aa';
const SECOND = '01950000-0000-7000-8000-0000000000bb';
await harness.knowProposals({ [PROPOSAL]: VILLAGE, [SECOND]: VILLAGE });

afterAll(async () => {
  await harness.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function upload(parts: FormPart[], token = operator) {
  const body = multipart(parts);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: body.payload,
    headers: { ...body.headers, ...auth(token) },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ documentId: string; sha256: string; size: number }>();
}

let photo: { documentId: string; sha256: string; size: number };
let pdf: { documentId: string; sha256: string; size: number };
beforeAll(async () => {
  photo = await upload([
    { name: 'kind', value: 'foto_rumah' },
    { name: 'proposalId', value: PROPOSAL },
    { name: 'file', filename: 'rumah.jpg', data: await readFile(fixture('photo-gps.jpg')) },
  ]);
  // Larger than the JSON body limit (1 MiB): the upload limit is the service's own.
  const bigPdf = Buffer.concat([await readFile(fixture('document.pdf')), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
  pdf = await upload([
    { name: 'kind', value: 'berita_acara' },
    { name: 'file', filename: 'ba.pdf', data: bigPdf },
  ]);
});

describe('GET /v1/documents/:id', () => {
  it('shows the document to its village and to the regency officer', async () => {
    for (const token of [operator, officer, auditor]) {
      const res = await app.inject({ url: `/v1/documents/${photo.documentId}`, headers: auth(token) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        documentId: photo.documentId,
        kind: 'foto_rumah',
        mediaType: 'image/jpeg',
        sha256: photo.sha256,
        regionCode: VILLAGE,
        proposalIds: [PROPOSAL],
        geotag: { lat: -8.7056, lon: 116.2706 },
        uploadedBy: 'op-praya',
      });
    }
    expect(pdf.size).toBeGreaterThan(2 * 1024 * 1024);
  });

  it('answers 404 to another village and another regency, as for a document that does not exist', async () => {
    for (const [token, id] of [
      [neighbour, photo.documentId],
      [otherOfficer, photo.documentId],
      [operator, '01950000-0000-7000-8000-00000000dead'],
    ] as const) {
      const res = await app.inject({ url: `/v1/documents/${id}`, headers: auth(token) });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it('answers 400 for an id that is not a UUID, and 401 without a token', async () => {
    const bad = await app.inject({ url: '/v1/documents/..%2F..%2Fetc%2Fpasswd', headers: auth(operator) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'params.id' }] });
    const anonymous = await app.inject({ url: `/v1/documents/${photo.documentId}` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('GET /v1/documents/:id/content', () => {
  it('streams a photo inline with its type, never sniffable, never cached', async () => {
    const res = await app.inject({ url: `/v1/documents/${photo.documentId}/content`, headers: auth(officer) });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(await readFile(fixture('photo-gps.jpg')))).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'content-length': String(photo.size),
      'content-disposition': `inline; filename="${photo.documentId}.jpg"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    expect(res.headers['content-security-policy']).toContain('sandbox');
    const download = await app.inject({
      url: `/v1/documents/${photo.documentId}/content?download=1`,
      headers: auth(operator),
    });
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${photo.documentId}.jpg"`);
  });

  it('always sends a PDF as an attachment', async () => {
    const res = await app.inject({ url: `/v1/documents/${pdf.documentId}/content`, headers: auth(operator) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${pdf.documentId}.pdf"`);
    expect(res.rawPayload.length).toBe(pdf.size);
  });

  it('answers a bare 500 problem when the blob is missing from the store, naming no path', async () => {
    const lost = await upload([
      { name: 'kind', value: 'kk' },
      { name: 'file', filename: 'kk.png', data: await readFile(fixture('image.png')) },
    ]);
    await rm(join(harness.blobRoot, sealedPath(lost.documentId)));
    const res = await app.inject({ url: `/v1/documents/${lost.documentId}/content`, headers: auth(operator) });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'internal_error' });
    expect(res.body).not.toContain(harness.blobRoot);
  });

  it('answers 404 out of scope, and 400 for an unknown query parameter', async () => {
    const res = await app.inject({ url: `/v1/documents/${photo.documentId}/content`, headers: auth(neighbour) });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const odd = await app.inject({
      url: `/v1/documents/${photo.documentId}/content?path=/etc/passwd`,
      headers: auth(operator),
    });
    expect(odd.statusCode).toBe(400);
  });
});

describe('POST /v1/documents/:id/links', () => {
  const link = (id: string, body: unknown, token = operator) =>
    app.inject({ method: 'POST', url: `/v1/documents/${id}/links`, headers: auth(token), payload: body as object });

  it('links a document to a proposal once (201), and again is a no-op (200)', async () => {
    const first = await link(pdf.documentId, { proposalId: PROPOSAL });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ proposalIds: [PROPOSAL] });
    const second = await link(pdf.documentId, { proposalId: SECOND }, officer);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ proposalIds: [PROPOSAL, SECOND] });
    const again = await link(pdf.documentId, { proposalId: PROPOSAL });
    expect(again.statusCode).toBe(200);
    const events = await harness.platform.store.readStream(`document-${pdf.documentId}`);
    expect(events.map((event) => event.type)).toEqual(['DocumentUploaded', 'DocumentLinked', 'DocumentLinked']);
    expect(events[1]).toMatchObject({
      data: { documentId: pdf.documentId, proposalId: PROPOSAL, regionCode: VILLAGE, linkedBy: 'op-praya' },
      metadata: { actor: { userId: 'op-praya', role: 'operator_desa' } },
    });
    expect(events[2]?.data).toMatchObject({ proposalId: SECOND, regionCode: VILLAGE, linkedBy: 'verif-loteng' });
  });

  it('refuses bad bodies, other villages and read-only roles, writing nothing', async () => {
    const before = await harness.documentEvents();
    const cases: [string, unknown, string, number, string][] = [
      [photo.documentId, { proposalId: 'not-a-uuid' }, operator, 400, 'validation_failed'],
      [photo.documentId, { proposalId: SECOND, extra: 1 }, operator, 400, 'validation_failed'],
      [photo.documentId, {}, operator, 400, 'validation_failed'],
      [photo.documentId, { proposalId: SECOND }, neighbour, 404, 'not_found'],
      [photo.documentId, { proposalId: SECOND }, auditor, 403, 'forbidden'],
      ['01950000-0000-7000-8000-00000000dead', { proposalId: SECOND }, operator, 404, 'not_found'],
    ];
    for (const [id, body, token, status, code] of cases) {
      const res = await link(id, body, token);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json()).toMatchObject({ code });
    }
    const malformed = await app.inject({
      method: 'POST',
      url: `/v1/documents/${photo.documentId}/links`,
      headers: { ...auth(operator), 'content-type': 'application/json' },
      payload: '{"proposalId":',
    });
    expect(malformed.json()).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(await harness.documentEvents()).toEqual(before);
  });
});
