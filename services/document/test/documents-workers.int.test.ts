import { readFile } from 'node:fs/promises';
import type { BusMessage, Consumer } from '@siks/bus';
import { Topics, type RecordedEvent } from '@siks/contracts';
import { useTestDatabase } from '@siks/testing/vitest';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetDocumentProjection } from '../src/read-model/projection.ts';
import type { Workers } from '../src/workers.ts';
import { fixture } from './evidence-fixtures.ts';
import { multipart, type FormPart } from './evidence-multipart.ts';
import { createHarness, NEIGHBOUR, VILLAGE } from './support.ts';

const url = await useTestDatabase('document_workers');
const harness = await createHarness(url);
const { app, platform } = harness;
const operator = await harness.token('operator_desa', VILLAGE, { sub: 'op-praya' });
const neighbour = await harness.token('operator_desa', NEIGHBOUR, { sub: 'op-leneng' });
const officer = await harness.token('verifikator_kabkota', '52.02');
const P = (n: number) => `01950000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`;
await harness.knowProposals({ [P(1)]: VILLAGE, [P(2)]: NEIGHBOUR, [P(3)]: VILLAGE, [P(4)]: VILLAGE, [P(5)]: VILLAGE });
const WAIT = { timeout: 20_000, interval: 50 };

let workers: Workers;
const received: BusMessage[] = [];
let consumer: Consumer;

beforeAll(async () => {
  workers = await harness.startWorkers();
  consumer = await platform.bus.consume({
    groupId: 'test-document-evidence-reader',
    topics: [Topics.documentEvidence],
    fromBeginning: true,
    handle: async (messages) => {
      received.push(...messages);
    },
  });
});
afterAll(async () => {
  await consumer.stop();
  await harness.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const jpeg = async (name = 'photo-gps.jpg'): Promise<Buffer> => readFile(fixture(name));

async function upload(token: string, kind: string, data: Buffer, proposalId?: string): Promise<string> {
  const parts: FormPart[] = [
    { name: 'kind', value: kind },
    ...(proposalId ? [{ name: 'proposalId', value: proposalId }] : []),
    { name: 'file', filename: 'x', data },
  ];
  const body = multipart(parts);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: body.payload,
    headers: { ...body.headers, ...auth(token) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ documentId: string }>().documentId;
}

async function link(token: string, documentId: string, proposalId: string): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/documents/${documentId}/links`,
    headers: auth(token),
    payload: { proposalId },
  });
  expect(res.statusCode).toBe(201);
}

const findings = async (documentId: string): Promise<RecordedEvent[]> =>
  (await platform.store.readStream(`document-${documentId}`)).filter(
    (event) => event.type === 'DocumentDuplicateFound',
  );

async function readModel(): Promise<Record<string, unknown>[]> {
  const { rows } = await platform.pool.query(
    `SELECT document_id, sha256, kind, region_code, proposal_ids, geotag, perceptual_hash::text,
            duplicate_matches, revision FROM document.documents ORDER BY document_id`,
  );
  return rows;
}

describe('relay', () => {
  it('publishes every document event on document.evidence.v1, keyed by document id', async () => {
    const id = await upload(operator, 'ktp', await jpeg('photo-no-exif.jpg'));
    await vi.waitFor(() => expect(received.some((message) => message.key === id)).toBe(true), WAIT);
    const message = received.find((candidate) => candidate.key === id)!;
    expect(message.topic).toBe('document.evidence.v1');
    expect(JSON.parse(message.value)).toMatchObject({
      streamId: `document-${id}`,
      type: 'DocumentUploaded',
      data: { documentId: id, regionCode: VILLAGE },
    });
    expect(message.headers['event-type']).toBe('DocumentUploaded');
  });
});

describe('read model and duplicate photos', () => {
  let original: string;
  let copy: string;
  let reencoded: string;
  let unrelated: string;
  let minutes: string;

  beforeAll(async () => {
    original = await upload(operator, 'foto_rumah', await jpeg(), P(1));
    // The same bytes for another household's proposal, in the next village.
    copy = await upload(neighbour, 'foto_rumah', await jpeg(), P(2));
    // The same picture re-encoded at a lower quality: other bytes, a near difference hash.
    const lower = await sharp(await jpeg())
      .jpeg({ quality: 40 })
      .toBuffer();
    reencoded = await upload(operator, 'foto_rumah', lower, P(3));
    unrelated = await upload(operator, 'foto_rumah', await readFile(fixture('image.png')), P(4));
    // The minutes of a village meeting back many proposals: no finding.
    minutes = await upload(operator, 'berita_acara', await readFile(fixture('document.pdf')), P(1));
    await link(operator, minutes, P(3));
    // The original photo offered again, for a fifth proposal.
    await link(operator, original, P(5));
  });

  it('keeps document.documents: hash, kind, region, links, geotag, perceptual hash', async () => {
    await vi.waitFor(async () => expect(await readModel()).toHaveLength(6), WAIT);
    await vi.waitFor(async () => {
      const rows = await readModel();
      const row = rows.find((candidate) => candidate.document_id === original);
      expect(row).toMatchObject({
        kind: 'foto_rumah',
        region_code: VILLAGE,
        proposal_ids: [P(1), P(5)],
        // Sealed under the document's subject; opened, the photo's point.
        geotag: { $sealed: 2, sub: `document:${original}`, f: 'geotag' },
        perceptual_hash: expect.stringMatching(/^-?\d+$/),
      });
      expect(await platform.keyring.open(row?.geotag as never, 'geotag')).toMatchObject({
        lat: -8.7056,
        lon: 116.2706,
      });
      expect(rows.find((candidate) => candidate.document_id === minutes)).toMatchObject({ proposal_ids: [P(1), P(3)] });
    }, WAIT);
  });

  it('finds the same bytes offered for another proposal', async () => {
    await vi.waitFor(async () => expect(await findings(copy)).toHaveLength(1), WAIT);
    const [finding] = await findings(copy);
    expect(finding).toMatchObject({
      data: {
        documentId: copy,
        proposalId: P(2),
        regionCode: NEIGHBOUR,
        kind: 'foto_rumah',
        matches: [{ documentId: original, proposalId: P(1), regionCode: VILLAGE, match: 'sha256', distance: 0 }],
      },
      metadata: { actor: { role: 'system' }, channel: 'system' },
    });
    expect(finding?.metadata.causationId).toBe((await platform.store.readStream(`document-${copy}`))[0]?.eventId);
  });

  it('finds a re-encoded copy by its perceptual hash', async () => {
    await vi.waitFor(async () => expect(await findings(reencoded)).toHaveLength(1), WAIT);
    const [finding] = await findings(reencoded);
    const matches = finding?.data.matches as { documentId: string; match: string; distance: number }[];
    expect(matches.map((match) => [match.documentId, match.match])).toEqual(
      [
        [original, 'perceptual'],
        [copy, 'perceptual'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    for (const match of matches) expect(match.distance).toBeGreaterThan(0);
  });

  it('finds the same document linked to a second proposal', async () => {
    await vi.waitFor(async () => expect(await findings(original)).toHaveLength(1), WAIT);
    const [finding] = await findings(original);
    expect(finding?.data).toMatchObject({ documentId: original, proposalId: P(5) });
    expect(
      (finding?.data.matches as { match: string; proposalId: string }[]).map((m) => [m.match, m.proposalId]),
    ).toEqual([
      ['same_document', P(1)],
      ['sha256', P(2)],
      ['perceptual', P(3)],
    ]);
  });

  it('finds nothing for another picture, nor for meeting minutes backing several proposals', async () => {
    // The finding of the last offer is in; everything before it has been handled.
    await vi.waitFor(async () => expect(await findings(original)).toHaveLength(1), WAIT);
    expect(await findings(unrelated)).toEqual([]);
    expect(await findings(minutes)).toEqual([]);
  });

  it('shows findings to those who may see them, and only counts the others', async () => {
    await vi.waitFor(async () => expect(await findings(copy)).toHaveLength(1), WAIT);
    const theirs = await app.inject({ url: `/v1/documents/${copy}`, headers: auth(neighbour) });
    expect(theirs.json()).toMatchObject({ duplicates: [], duplicatesOutOfScope: 1 });
    expect(theirs.body).not.toContain(original);
    const district = await app.inject({ url: `/v1/documents/${copy}`, headers: auth(officer) });
    expect(district.json()).toMatchObject({
      duplicates: [{ documentId: original, proposalId: P(1), match: 'sha256' }],
      duplicatesOutOfScope: 0,
    });
  });

  it("lists a proposal's documents inside the caller's scope", async () => {
    await vi.waitFor(async () => {
      const res = await app.inject({ url: `/v1/documents?proposalId=${P(1)}`, headers: auth(operator) });
      expect(res.statusCode).toBe(200);
      expect(
        res
          .json<{ items: { documentId: string }[] }>()
          .items.map((item) => item.documentId)
          .sort(),
      ).toEqual([original, minutes].sort());
    }, WAIT);
    const outside = await app.inject({ url: `/v1/documents?proposalId=${P(1)}`, headers: auth(neighbour) });
    expect(outside.json()).toEqual({ items: [] });
  });

  it('rebuilds the read model from the log, appending no finding twice', async () => {
    await vi.waitFor(async () => expect(await findings(original)).toHaveLength(1), WAIT);
    await vi.waitFor(async () => {
      const rows = await readModel();
      expect(rows.find((row) => row.document_id === original)?.duplicate_matches).toHaveLength(3);
    }, WAIT);
    const before = await readModel();
    const eventsBefore = await harness.documentEvents();
    await workers.stop();
    await resetDocumentProjection(platform.pool);
    expect(await readModel()).toEqual([]);
    workers = await harness.startWorkers();
    await vi.waitFor(async () => expect(await readModel()).toEqual(before), WAIT);
    expect(await harness.documentEvents()).toEqual(eventsBefore);
  });
});
