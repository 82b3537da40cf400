import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from './evidence-fixtures.ts';
import { multipart, type FormPart } from './evidence-multipart.ts';
import { createHarness, NEIGHBOUR, OTHER_REGENCY_VILLAGE, sealedPath, VILLAGE } from './support.ts';

const url = await useTestDatabase('document_upload');
const MAX = 64 * 1024;
const harness = await createHarness(url, { DOCUMENT_MAX_FILE_BYTES: String(MAX) });
const { app } = harness;
const operator = await harness.token('operator_desa', VILLAGE, { sub: 'op-praya' });
const PROPOSAL = '01950000-0000-7000-8000-0000000000aa';
const OTHER_PROPOSAL = '01950000-0000-7000-8000-0000000000bb';
await harness.knowProposals({ [PROPOSAL]: VILLAGE, [OTHER_PROPOSAL]: VILLAGE });

afterAll(async () => {
  await harness.close();
});

const photo = async (name = 'photo-gps.jpg', filename = 'IMG_0001.jpg'): Promise<FormPart> => ({
  name: 'file',
  filename,
  contentType: 'image/jpeg',
  data: await readFile(fixture(name)),
});
const sha256Of = async (name: string) =>
  createHash('sha256')
    .update(await readFile(fixture(name)))
    .digest('hex');

function upload(parts: FormPart[], token: string | null = operator, headers: Record<string, string> = {}) {
  const body = multipart(parts);
  return app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: body.payload,
    headers: { ...body.headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

/** What a refused request may leave: nothing new in the log, no blob, no temporary file. */
async function expectNothingWritten<T>(request: () => Promise<T>): Promise<T> {
  const [eventsBefore, blobsBefore] = [await harness.documentEvents(), await harness.blobFiles()];
  const result = await request();
  expect(await harness.documentEvents()).toHaveLength(eventsBefore.length);
  expect(await harness.blobFiles()).toEqual(blobsBefore);
  return result;
}

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, code, type: `urn:siks:problem:${code}`, title: expect.any(String) });
}

describe('POST /v1/documents', () => {
  it('keeps a geotagged house photo sealed and appends DocumentUploaded with the GPS point sealed', async () => {
    const res = await upload([
      { name: 'kind', value: 'foto_rumah' },
      { name: 'proposalId', value: PROPOSAL },
      await photo(),
    ]);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const sha256 = await sha256Of('photo-gps.jpg');
    expect(body).toMatchObject({
      kind: 'foto_rumah',
      mediaType: 'image/jpeg',
      sha256,
      regionCode: VILLAGE,
      proposalIds: [PROPOSAL],
      geotag: { lat: -8.7056, lon: 116.2706, altitude: 112.5, capturedAt: '2025-03-10T09:15:30+08:00' },
      perceptualHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      uploadedBy: 'op-praya',
      duplicates: [],
      contentUrl: `/v1/documents/${body.documentId}/content`,
    });
    expect(res.headers.location).toBe(`/v1/documents/${body.documentId}`);
    expect(res.body).not.toContain('IMG_0001');

    const events = await harness.platform.store.readStream(`document-${body.documentId}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'DocumentUploaded',
      schemaVersion: 1,
      data: {
        documentId: body.documentId,
        sha256,
        kind: 'foto_rumah',
        proposalId: PROPOSAL,
        regionCode: VILLAGE,
        uploadedBy: 'op-praya',
        geotag: { $sealed: 2, sub: `document:${body.documentId}`, f: 'geotag' },
      },
      metadata: { actor: { userId: 'op-praya', role: 'operator_desa', regionCode: VILLAGE }, channel: 'operator' },
    });
    expect(JSON.stringify(events[0])).not.toContain('IMG_0001');
    expect(JSON.stringify(events[0])).not.toContain('116.27');
    expect(await harness.platform.keyring.open(events[0]?.data['geotag'] as never, 'geotag')).toMatchObject({
      lat: -8.7056,
      lon: 116.2706,
    });
    // The file is kept sealed under the document's id, never in clear under its hash.
    expect(await harness.blobFiles()).toEqual([sealedPath(body.documentId)]);
    const kept = await readFile(join(harness.blobRoot, sealedPath(body.documentId)));
    const clear = await readFile(fixture('photo-gps.jpg'));
    expect(kept.includes(clear.subarray(200, 264))).toBe(false);
    expect(createHash('sha256').update(kept).digest('hex')).not.toBe(sha256);
  });

  it('keeps the same bytes as two documents, each sealed with its own key', async () => {
    const sha256 = await sha256Of('photo-no-exif.jpg');
    const first = await upload([{ name: 'kind', value: 'foto_rumah' }, await photo('photo-no-exif.jpg')]);
    const second = await upload([{ name: 'kind', value: 'foto_rumah' }, await photo('photo-no-exif.jpg', 'copy.jpg')]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.json().documentId).not.toBe(first.json().documentId);
    expect([first.json().sha256, second.json().sha256]).toEqual([sha256, sha256]);
    const files = await harness.blobFiles();
    expect(files).toContain(sealedPath(first.json().documentId));
    expect(files).toContain(sealedPath(second.json().documentId));
    expect(first.json().geotag).toBeUndefined();
  });

  it('lets a district officer upload for a village of the regency, from the field channel', async () => {
    const officer = await harness.token('verifikator_kabkota', '52.02');
    const res = await upload(
      [
        { name: 'kind', value: 'foto_rumah' },
        { name: 'regionCode', value: NEIGHBOUR },
        { name: 'channel', value: 'field' },
        await photo('photo-gps-utc.jpg'),
      ],
      officer,
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ regionCode: NEIGHBOUR, geotag: { capturedAt: expect.stringMatching(/Z$/) } });
    const [event] = await harness.platform.store.readStream(`document-${res.json().documentId}`);
    expect(event?.metadata).toMatchObject({ channel: 'field', actor: { role: 'verifikator_kabkota' } });
  });

  it('answers a retry with the same Idempotency-Key with the same document, and another file under it with 409', async () => {
    const headers = { 'idempotency-key': 'device-7:photo-42' };
    const parts = [{ name: 'kind', value: 'foto_rumah' }, await photo()];
    const first = await upload(parts, operator, headers);
    const again = await upload(parts, operator, headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json()).toEqual(first.json());
    expect(await harness.platform.store.readStream(`document-${first.json().documentId}`)).toHaveLength(1);
    const other = await upload(
      [{ name: 'kind', value: 'foto_rumah' }, await photo('photo-no-exif.jpg')],
      operator,
      headers,
    );
    expectProblem(other, 409, 'idempotency_conflict');
    // The same key of another user is another upload.
    const colleague = await harness.token('operator_desa', VILLAGE, { sub: 'op-praya-2' });
    const theirs = await upload(parts, colleague, headers);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().documentId).not.toBe(first.json().documentId);
  });

  it('keeps one document, one event and one file for a photo the console outbox sends twice for its proposal', async () => {
    // The outbox's retry after a lost answer: same client-made photo id as the key, same proposal.
    const headers = { 'idempotency-key': 'web-5f0c2d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f' };
    const parts = [
      { name: 'kind', value: 'foto_rumah' },
      { name: 'proposalId', value: OTHER_PROPOSAL },
      { name: 'channel', value: 'field' },
      await photo(),
    ];
    const [eventsBefore, blobsBefore] = [await harness.documentEvents(), await harness.blobFiles()];
    const first = await upload(parts, operator, headers);
    const again = await upload(parts, operator, headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json().documentId).toBe(first.json().documentId);
    expect(first.json()).toMatchObject({ proposalIds: [OTHER_PROPOSAL], geotag: { lat: -8.7056, lon: 116.2706 } });
    const added = (await harness.documentEvents()).slice(eventsBefore.length);
    expect(added.map((event) => event.type)).toEqual(['DocumentUploaded']);
    expect((await harness.blobFiles()).filter((file) => !blobsBefore.includes(file))).toHaveLength(1);
  });

  it('refuses a text file that claims to be a JPEG and records the refusal for its proposal', async () => {
    const before = await harness.documentEvents();
    const blobs = await harness.blobFiles();
    const res = await upload([
      { name: 'kind', value: 'foto_rumah' },
      { name: 'proposalId', value: PROPOSAL },
      await photo('not-a-photo.jpg', 'rumah.jpg'),
    ]);
    expectProblem(res, 415, 'unsupported_file_type');
    expect(await harness.blobFiles()).toEqual(blobs);
    const added = (await harness.documentEvents()).slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      type: 'DocumentRejected',
      data: {
        reason: 'unsupported_file_type',
        kind: 'foto_rumah',
        proposalId: PROPOSAL,
        regionCode: VILLAGE,
        sha256: await sha256Of('not-a-photo.jpg'),
        rejectedBy: 'op-praya',
      },
    });
    // A refused document is not served.
    const get = await app.inject({
      url: `/v1/documents/${added[0]!.data.documentId as string}`,
      headers: { authorization: `Bearer ${operator}` },
    });
    expectProblem(get, 404, 'not_found');
  });

  it('refuses a file that claims .jpg but is not, without a proposal: nothing written', async () => {
    const res = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'foto_rumah' }, await photo('not-a-photo.jpg', 'rumah.jpg')]),
    );
    expectProblem(res, 415, 'unsupported_file_type');
    const png = await expectNothingWritten(async () =>
      upload([
        { name: 'kind', value: 'foto_rumah' },
        { name: 'file', filename: 'rumah.jpg', data: await readFile(fixture('image.png')) },
      ]),
    );
    expectProblem(png, 415, 'file_type_mismatch');
    expect(png.json()).toMatchObject({ detail: expect.stringContaining('image/png') });
  });

  it('never uses a path-traversal file name as a path, nor echoes it', async () => {
    const marker = `siks-doc-traversal-${process.pid}.jpg`;
    const res = await upload([
      { name: 'kind', value: 'foto_rumah' },
      await photo('photo-gps.jpg', `../../../../tmp/${marker}`),
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain(marker);
    const events = await harness.platform.store.readStream(`document-${res.json().documentId}`);
    expect(JSON.stringify(events)).not.toContain(marker);
    for (const place of [resolve('/tmp', marker), resolve(harness.blobRoot, '..', marker), resolve(marker)]) {
      await expect(access(place)).rejects.toMatchObject({ code: 'ENOENT' });
    }
    expect((await harness.blobFiles()).every((file) => /^sealed\/[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(file))).toBe(true);
  });

  it('refuses an empty file', async () => {
    const res = await expectNothingWritten(() =>
      upload([
        { name: 'kind', value: 'ktp' },
        { name: 'file', filename: 'ktp.jpg', data: Buffer.alloc(0) },
      ]),
    );
    expectProblem(res, 400, 'file_empty');
  });

  it('refuses a body over the limit while it streams', async () => {
    const res = await expectNothingWritten(() =>
      upload([
        { name: 'kind', value: 'kk' },
        { name: 'file', filename: 'kk.pdf', data: Buffer.alloc(MAX + 1, 0x25) },
      ]),
    );
    expectProblem(res, 413, 'file_too_large');
    expect(res.json()).toMatchObject({ detail: expect.stringContaining(String(MAX)) });
  });

  it('refuses a JSON body (wrong content type)', async () => {
    const res = await expectNothingWritten(() =>
      app.inject({
        method: 'POST',
        url: '/v1/documents',
        headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
        payload: { kind: 'ktp' },
      }),
    );
    expectProblem(res, 415, 'not_multipart');
    const text = await app.inject({
      method: 'POST',
      url: '/v1/documents',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'text/plain' },
      payload: 'kind=ktp',
    });
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses missing, unknown and invalid fields, naming each field and rule', async () => {
    const missing = await expectNothingWritten(() => upload([{ name: 'proposalId', value: PROPOSAL }]));
    expectProblem(missing, 400, 'validation_failed');
    expect(missing.json().errors).toEqual([
      { path: 'file', code: 'required', message: 'wajib diisi' },
      { path: 'kind', code: 'required', message: 'wajib diisi' },
    ]);
    const unknown = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, { name: 'nik', value: '5202014101900001' }, await photo()]),
    );
    expectProblem(unknown, 400, 'validation_failed');
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'nik', code: 'unrecognized_keys' })]);
    expect(unknown.body).not.toContain('5202014101900001');
    const badRegion = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, { name: 'regionCode', value: '52.02.01' }, await photo()]),
    );
    expect(badRegion.json().errors).toEqual([expect.objectContaining({ path: 'regionCode', code: 'invalid_format' })]);
  });

  it('answers in English on request', async () => {
    const res = await upload([{ name: 'kind', value: 'selfie' }, await photo()], operator, { 'accept-language': 'en' });
    expectProblem(res, 400, 'validation_failed');
    expect(res.json()).toMatchObject({ title: 'Invalid data', errors: [{ path: 'kind', code: 'invalid_value' }] });
    expect(res.headers['content-language']).toBe('en');
  });

  it('refuses a village code that does not exist, inside the scope', async () => {
    const officer = await harness.token('verifikator_kabkota', '52.02');
    const res = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, { name: 'regionCode', value: '52.02.01.1999' }, await photo()], officer),
    );
    expectProblem(res, 400, 'validation_failed');
    expect(res.json().errors).toEqual([
      { path: 'regionCode', code: 'region_not_found', message: 'kode desa/kelurahan tidak terdaftar' },
    ]);
  });

  it('requires a region from a district officer', async () => {
    const officer = await harness.token('admin_kabkota', '52.02');
    const res = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, await photo()], officer),
    );
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'regionCode', code: 'required' })]);
  });

  it('answers 404 for an upload into another village, and 403 for a read-only role', async () => {
    const other = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, { name: 'regionCode', value: NEIGHBOUR }, await photo()]),
    );
    expectProblem(other, 404, 'not_found');
    const officer = await harness.token('verifikator_kabkota', '52.02');
    const otherRegency = await expectNothingWritten(async () =>
      upload(
        [{ name: 'kind', value: 'ktp' }, { name: 'regionCode', value: OTHER_REGENCY_VILLAGE }, await photo()],
        officer,
      ),
    );
    expectProblem(otherRegency, 404, 'not_found');
    const auditor = await harness.token('auditor', '52.02');
    const readOnly = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, { name: 'regionCode', value: VILLAGE }, await photo()], auditor),
    );
    expectProblem(readOnly, 403, 'forbidden');
  });

  it('answers 401 without a token, with an expired token, and with a token of another key', async () => {
    const none = await expectNothingWritten(async () => upload([{ name: 'kind', value: 'ktp' }, await photo()], null));
    expectProblem(none, 401, 'unauthorized');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const expired = await harness.token('operator_desa', VILLAGE, {
      expiresIn: '5m',
      now: new Date(Date.now() - 3_600_000),
    });
    const late = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, await photo()], expired),
    );
    expectProblem(late, 401, 'token_expired');
    const forged = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, await photo()], `${operator.slice(0, -4)}AAAA`),
    );
    expectProblem(forged, 401, 'unauthorized');
  });

  it('refuses a malformed Idempotency-Key before reading the file', async () => {
    const res = await expectNothingWritten(async () =>
      upload([{ name: 'kind', value: 'ktp' }, await photo()], operator, { 'idempotency-key': 'bad key/../x' }),
    );
    expectProblem(res, 400, 'validation_failed');
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);
  });

  it('leaves no temporary file behind after all of the above', async () => {
    expect((await harness.blobFiles()).filter((file) => file.startsWith('.tmp/'))).toEqual([]);
  });
});

describe('a proposal id other than a UUID', () => {
  it('is a field error', async () => {
    const res = await upload([
      { name: 'kind', value: 'ktp' },
      { name: 'proposalId', value: OTHER_PROPOSAL.slice(1) },
      await photo(),
    ]);
    expectProblem(res, 400, 'validation_failed');
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'proposalId', code: 'invalid_format' })]);
  });
});
