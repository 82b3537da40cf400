import { readFile } from 'node:fs/promises';
import { Topics } from '@siks/contracts';
import type { OutgoingMessage } from '@siks/bus';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposalStatus } from '../src/read-model/proposals.ts';
import { fixture } from './evidence-fixtures.ts';
import { multipart } from './evidence-multipart.ts';
import { createHarness, draftedMessage, NEIGHBOUR, VILLAGE } from './support.ts';

// A wrongly uploaded photo can be taken back while the proposal is a draft (or returned to the
// village), with a reason, as an event; once submitted it is what verification decides on.
const url = await useTestDatabase('document_withdraw');
const harness = await createHarness(url, { DOCUMENT_PROPOSAL_WAIT_MS: '2000' });
const { app, platform } = harness;
const operator = await harness.token('operator_desa', VILLAGE, { sub: 'op-praya' });
const neighbour = await harness.token('operator_desa', NEIGHBOUR, { sub: 'op-leneng' });
const auditor = await harness.token('auditor', '52.02', { sub: 'auditor-loteng' });
const PROPOSAL = '01950000-0000-7000-8000-0000000000b1';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const REASON = 'Salah foto: ini rumah tetangga';

let documentId: string;

/** An intake lifecycle event of PROPOSAL as its relay publishes it (only what this service reads). */
function lifecycle(type: string, revision: number): OutgoingMessage {
  const event = {
    eventId: `01950000-0000-7000-9${String(revision).padStart(3, '0')}-${PROPOSAL.slice(-12)}`,
    type,
    schemaVersion: 1,
    streamId: `proposal-${PROPOSAL}`,
    revision,
    logPosition: String(revision),
    recordedAt: '2025-03-02T00:00:00.000Z',
    hash: '',
    data: { proposalId: PROPOSAL },
    metadata: { occurredAt: '2025-03-02T00:00:00.000Z' },
  };
  return { key: PROPOSAL, value: JSON.stringify(event) };
}

/** Publishes an intake event and waits until the service's view of the proposal reaches `status`. */
async function proposalBecomes(message: OutgoingMessage, status: string): Promise<void> {
  await platform.bus.publish(Topics.intakeProposals, [message]);
  const deadline = Date.now() + 20_000;
  while ((await proposalStatus(platform.pool, PROPOSAL)) !== status) {
    if (Date.now() > deadline) throw new Error(`proposal never became ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const withdraw = (payload: Record<string, unknown>, token = operator, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: `/v1/documents/${documentId}/withdrawals`,
    headers: { ...auth(token), ...headers },
    payload,
  });

const listed = async (): Promise<string[]> =>
  (await app.inject({ method: 'GET', url: `/v1/documents?proposalId=${PROPOSAL}`, headers: auth(operator) }))
    .json<{ items: { documentId: string }[] }>()
    .items.map((item) => item.documentId);

async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  await harness.startWorkers();
  await platform.bus.publish(Topics.intakeProposals, [draftedMessage(PROPOSAL, VILLAGE)]);
  const body = multipart([
    { name: 'kind', value: 'foto_rumah' },
    { name: 'proposalId', value: PROPOSAL },
    { name: 'file', filename: 'rumah.jpg', data: await readFile(fixture('photo-gps.jpg')) },
  ]);
  const uploaded = await app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: body.payload,
    headers: { ...body.headers, ...auth(operator) },
  });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  documentId = uploaded.json<{ documentId: string }>().documentId;
});

afterAll(async () => {
  await harness.close();
});

describe('withdrawing evidence from a proposal', () => {
  it('is refused without a reason, and to roles that hand in no evidence', async () => {
    expect((await withdraw({ proposalId: PROPOSAL })).statusCode).toBe(400);
    expect((await withdraw({ proposalId: PROPOSAL, reason: '   ' })).statusCode).toBe(400);
    expect((await withdraw({ proposalId: PROPOSAL, reason: REASON }, auditor)).statusCode).toBe(403);
  });

  it('is 404 for an operator of another village, and writes nothing', async () => {
    const before = await harness.documentEvents();
    const res = await withdraw({ proposalId: PROPOSAL, reason: REASON }, neighbour);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    expect(await harness.documentEvents()).toEqual(before);
  });

  it('takes the photo off a draft, with the reason in the log; the list no longer shows it', async () => {
    await eventually(async () => (await listed()).includes(documentId));
    const res = await withdraw({ proposalId: PROPOSAL, reason: REASON });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ documentId, proposalIds: [] });
    const withdrawn = (await harness.documentEvents()).filter((event) => event.type === 'DocumentUnlinked');
    expect(withdrawn).toEqual([
      {
        streamId: `document-${documentId}`,
        type: 'DocumentUnlinked',
        data: { documentId, proposalId: PROPOSAL, regionCode: VILLAGE, reason: REASON, unlinkedBy: 'op-praya' },
      },
    ]);
    await eventually(async () => !(await listed()).includes(documentId));
    // Asked again (a retry): nothing more is written.
    expect((await withdraw({ proposalId: PROPOSAL, reason: REASON })).statusCode).toBe(200);
    expect((await harness.documentEvents()).filter((event) => event.type === 'DocumentUnlinked')).toHaveLength(1);
  });

  it('is 404 for a proposal the document never backed', async () => {
    const res = await withdraw({ proposalId: '01950000-0000-7000-8000-0000000000b9', reason: REASON });
    expect(res.statusCode).toBe(404);
  });

  it('is refused once the proposal is submitted, in Bahasa Indonesia or English; allowed again once returned', async () => {
    const relinked = await app.inject({
      method: 'POST',
      url: `/v1/documents/${documentId}/links`,
      headers: auth(operator),
      payload: { proposalId: PROPOSAL },
    });
    expect(relinked.statusCode, relinked.body).toBe(201);
    await proposalBecomes(lifecycle('ProposalSubmitted', 1), 'submitted');
    const before = await harness.documentEvents();

    const refused = await withdraw({ proposalId: PROPOSAL, reason: REASON });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'evidence_locked', title: 'Bukti tidak dapat dihapus' });
    expect(refused.json<{ detail: string }>().detail).toMatch(/sudah diajukan/);
    const english = await withdraw({ proposalId: PROPOSAL, reason: REASON }, operator, { 'accept-language': 'en' });
    expect(english.statusCode).toBe(409);
    expect(english.json()).toMatchObject({ title: 'Evidence cannot be removed' });
    expect(english.json<{ detail: string }>().detail).toMatch(/has been submitted/);
    expect(await harness.documentEvents()).toEqual(before);

    await proposalBecomes(lifecycle('ProposalReturned', 2), 'returned');
    const res = await withdraw({ proposalId: PROPOSAL, reason: 'Foto diganti sesuai catatan verifikator' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ proposalIds: [] });
  });
});
