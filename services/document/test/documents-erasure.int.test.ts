/**
 * A forgotten person's household evidence (intake's `PersonForgotten`): the documents backing
 * only their households lose their key and their files, the read model its geotag; a document
 * that also backs another household (the village meeting's minutes) stays readable.
 */
import { readFile } from 'node:fs/promises';
import { uuidv7, type RecordedEvent } from '@siks/contracts';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { applyErasure } from '../src/read-model/erasure.ts';
import { createBlobStore } from '../src/storage/blob-store.ts';
import { fixture } from './evidence-fixtures.ts';
import { multipart, type FormPart } from './evidence-multipart.ts';
import { createHarness, sealedPath, VILLAGE } from './support.ts';

const url = await useTestDatabase('document_erasure');
const harness = await createHarness(url);
const { app, platform } = harness;
afterAll(() => harness.close());
const operator = { authorization: `Bearer ${await harness.token('operator_desa', VILLAGE, { sub: 'op-praya' })}` };
const HOUSEHOLD = '01950000-0000-7000-8000-0000000000c1';
const NEIGHBOURS = '01950000-0000-7000-8000-0000000000c2';
await harness.knowProposals({ [HOUSEHOLD]: VILLAGE, [NEIGHBOURS]: VILLAGE });
await harness.startWorkers();

async function upload(parts: FormPart[]): Promise<string> {
  const body = multipart(parts);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: body.payload,
    headers: { ...body.headers, ...operator },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ documentId: string }>().documentId;
}

const photo = await upload([
  { name: 'kind', value: 'foto_rumah' },
  { name: 'proposalId', value: HOUSEHOLD },
  { name: 'file', filename: 'rumah.jpg', data: await readFile(fixture('photo-gps.jpg')) },
]);
const minutes = await upload([
  { name: 'kind', value: 'berita_acara' },
  { name: 'proposalId', value: HOUSEHOLD },
  { name: 'file', filename: 'ba.pdf', data: await readFile(fixture('document.pdf')) },
]);
const linked = await app.inject({
  method: 'POST',
  url: `/v1/documents/${minutes}/links`,
  headers: operator,
  payload: { proposalId: NEIGHBOURS },
});
expect(linked.statusCode).toBe(201);

const forgottenEvent = (): RecordedEvent => ({
  eventId: uuidv7(),
  streamId: `erasure-${uuidv7()}`,
  revision: 0,
  logPosition: '0',
  recordedAt: new Date().toISOString(),
  hash: '0'.repeat(64),
  type: 'PersonForgotten',
  schemaVersion: 1,
  data: {
    erasureId: uuidv7(),
    nikIndex: 'a'.repeat(64),
    subjects: [`person:${'a'.repeat(64)}`, `proposal:${HOUSEHOLD}`],
    proposalIds: [HOUSEHOLD],
    householdProposalIds: [HOUSEHOLD],
  },
  metadata: {
    actor: { userId: 'adm-1', role: 'admin_kabkota', regionCode: '52.02' },
    channel: 'operator',
    occurredAt: new Date().toISOString(),
    correlationId: 'test',
    causationId: null,
    reason: 'permintaan yang bersangkutan',
  },
});

describe("forgetting a household's evidence", () => {
  it('destroys the photo’s key and file and blanks its geotag; the shared minutes stay', async () => {
    await vi.waitFor(async () => {
      const { rows } = await platform.pool.query('SELECT 1 FROM document.documents WHERE proposal_ids = $1', [
        [HOUSEHOLD, NEIGHBOURS],
      ]);
      expect(rows).toHaveLength(1);
    }, 20_000);
    const before = await app.inject({ url: `/v1/documents/${photo}`, headers: operator });
    expect(before.json()).toMatchObject({ geotag: { lat: -8.7056 } });
    const blobStore = createBlobStore({ root: harness.blobRoot });
    const event = forgottenEvent();
    await applyErasure(platform.pool, event, { keyring: platform.keyring, blobStore });
    await applyErasure(platform.pool, event, { keyring: platform.keyring, blobStore }); // a redelivery

    expect(await harness.blobFiles()).toEqual([sealedPath(minutes)]);
    const content = await app.inject({ url: `/v1/documents/${photo}/content`, headers: operator });
    expect(content.statusCode).toBe(404);
    const shown = await app.inject({ url: `/v1/documents/${photo}`, headers: operator });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().geotag).toBeUndefined();
    const { rows } = await platform.pool.query<{ geotag: unknown; perceptual_hash: unknown }>(
      'SELECT geotag, perceptual_hash FROM document.documents WHERE document_id = $1',
      [photo],
    );
    expect(rows[0]).toEqual({ geotag: null, perceptual_hash: null });
    // In the log the geotag is ciphertext nobody can open any more.
    const [uploaded] = await platform.store.readStream(`document-${photo}`);
    expect(await platform.keyring.open(uploaded?.data['geotag'] as never)).toBeUndefined();
    expect((await app.inject({ url: `/v1/documents/${minutes}/content`, headers: operator })).statusCode).toBe(200);
  });
});
