import { readFile } from 'node:fs/promises';
import { Topics } from '@siks/contracts';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './evidence-fixtures.ts';
import { multipart, type FormPart } from './evidence-multipart.ts';
import { createHarness, draftedMessage, NEIGHBOUR, OTHER_REGENCY_VILLAGE, VILLAGE } from './support.ts';

// Evidence backs only proposals of its own village: a Praya photo linked to a Leneng or a
// Lombok Barat proposal is refused like an unknown proposal, and verification never sees it.
const url = await useTestDatabase('document_proposal_scope');
const harness = await createHarness(url, { DOCUMENT_PROPOSAL_WAIT_MS: '300' });
const { app } = harness;
const operator = await harness.token('operator_desa', VILLAGE, { sub: 'op-praya' });
const officer = await harness.token('verifikator_kabkota', '52.02', { sub: 'verif-loteng' });
const admin = await harness.token('admin_kabkota', '52.02', { sub: 'admin-loteng' });
const OWN = '01950000-0000-7000-8000-0000000000a1';
const NEIGHBOURS = '01950000-0000-7000-8000-0000000000a2';
const OTHER_REGENCY = '01950000-0000-7000-8000-0000000000a3';
const UNKNOWN = '01950000-0000-7000-8000-0000000000a4';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

let documentId: string;
beforeAll(async () => {
  await harness.startWorkers();
  await harness.platform.bus.publish(Topics.intakeProposals, [
    draftedMessage(OWN, VILLAGE),
    draftedMessage(NEIGHBOURS, NEIGHBOUR),
    draftedMessage(OTHER_REGENCY, OTHER_REGENCY_VILLAGE),
  ]);
  const uploaded = await upload([]);
  expect(uploaded.statusCode).toBe(201);
  documentId = uploaded.json<{ documentId: string }>().documentId;
});

afterAll(async () => {
  await harness.close();
});

async function upload(extra: FormPart[], token = operator) {
  const body = multipart([
    { name: 'kind', value: 'foto_rumah' },
    ...extra,
    { name: 'file', filename: 'rumah.jpg', data: await readFile(fixture('photo-gps.jpg')) },
  ]);
  return app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: body.payload,
    headers: { ...body.headers, ...auth(token) },
  });
}

const link = (proposalId: string, token = operator) =>
  app.inject({
    method: 'POST',
    url: `/v1/documents/${documentId}/links`,
    headers: auth(token),
    payload: { proposalId },
  });

describe('evidence stays in its village', () => {
  it('links to a proposal of the same village (waiting for its draft to arrive)', async () => {
    const res = await link(OWN);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ proposalIds: [OWN] });
  });

  it('refuses a link to a proposal of another village, another regency or unknown: 404, nothing written', async () => {
    const before = await harness.documentEvents();
    for (const [proposalId, token] of [
      [NEIGHBOURS, operator],
      [NEIGHBOURS, officer],
      [OTHER_REGENCY, operator],
      [OTHER_REGENCY, admin],
      [UNKNOWN, operator],
    ] as const) {
      const res = await link(proposalId, token);
      expect(res.statusCode, proposalId).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
      expect(res.body).not.toContain(proposalId);
    }
    expect(await harness.documentEvents()).toEqual(before);
  });

  it("refuses an upload whose proposalId lies outside the document's village: 404, nothing written", async () => {
    const before = await harness.documentEvents();
    for (const [proposalId, token, region] of [
      [NEIGHBOURS, operator, VILLAGE],
      [OTHER_REGENCY, officer, VILLAGE],
      [NEIGHBOURS, admin, VILLAGE],
    ] as const) {
      const res = await upload(
        [
          { name: 'proposalId', value: proposalId },
          { name: 'regionCode', value: region },
        ],
        token,
      );
      expect(res.statusCode, proposalId).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
    expect(await harness.documentEvents()).toEqual(before);
    const own = await upload([{ name: 'proposalId', value: OWN }]);
    expect(own.statusCode, own.body).toBe(201);
  });
});
