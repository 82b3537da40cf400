import { startEventConsumer } from '@siks/bus';
import { Topics, uuidv7 } from '@siks/contracts';
import { ID_NUMBER, tamperWithEvents } from '@siks/testing';
import { describe, expect, it } from 'vitest';
import { makeNik } from '../src/proposals/test-fixtures.ts';
import {
  caseEvent,
  countProposalEvents,
  IN_WINDOW,
  newHouseholdBody,
  OTHER_VILLAGE,
  REGENCY,
  startIntake,
  VILLAGE,
} from './support.ts';

const intake = await startIntake();
const { app, platform } = intake;
const alice = await intake.auth('operator_desa', VILLAGE, 'op-alice');
const bob = await intake.auth('operator_desa', VILLAGE, 'op-bob');

async function create(n: number, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/intake/proposals',
    headers: alice,
    payload: newHouseholdBody(n, extra),
  });
  expect(response.statusCode).toBe(201);
  return response.json().proposalId as string;
}

const patch = (id: string, headers: Record<string, string>, body: unknown) =>
  app.inject({ method: 'PATCH', url: `/v1/intake/proposals/${id}`, headers, payload: body as object });

async function proposal(id: string, headers = alice) {
  return (await app.inject({ url: `/v1/intake/proposals/${id}`, headers })).json();
}

/** Publishes a verification decision on the case topic, as verification's relay would. */
async function decideCase(proposalId: string, type: string, data: Record<string, unknown>, eventId = uuidv7()) {
  const event = caseEvent(proposalId, type, data, eventId);
  await platform.bus.publish(Topics.verificationCases, [{ key: proposalId, value: JSON.stringify(event) }]);
  return eventId;
}

describe('amendments', () => {
  it('needs If-Match (428), refuses a stale one (409) and writes nothing', async () => {
    const id = await create(10);
    const before = await countProposalEvents(platform);
    const change = { reason: 'salah ketik RT', set: { 'household.address.rt': '004' } };
    const missing = await patch(id, alice, change);
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ code: 'precondition_required' });
    const stale = await patch(id, { ...alice, 'if-match': '"3"' }, change);
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({ code: 'stale_revision', currentRevision: 0 });
    const noReason = await patch(id, { ...alice, 'if-match': '"0"' }, { set: { 'household.address.rt': '004' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toMatchObject([{ path: 'reason', code: 'required' }]);
    const badNik = await patch(
      id,
      { ...alice, 'if-match': '"0"' },
      {
        reason: 'NIK salah',
        set: { 'household.members.2.nik': '520201050110000' },
      },
    );
    expect(badNik.statusCode).toBe(400);
    expect(badNik.json().errors).toMatchObject([{ path: 'household.members.2.nik', code: 'nik.length' }]);
    expect(await countProposalEvents(platform)).toBe(before);
  });

  it('keeps both operators’ amendments in the history, with reasons and changed fields', async () => {
    const id = await create(11);
    const first = await patch(
      id,
      { ...alice, 'if-match': '"0"' },
      {
        reason: 'Nama kepala keluarga salah ketik',
        set: { 'household.members.0.name': 'Lalu Ahmad Fauzi', 'household.address.rt': '004' },
      },
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers['etag']).toBe('"1"');
    expect(first.json()).toMatchObject({ status: 'draft', revision: 1 });
    const newNik = makeNik('2010-01-05', 'male', '0777');
    const second = await patch(
      id,
      { ...bob, 'if-match': first.headers['etag'] as string },
      {
        reason: 'NIK anak diperbaiki sesuai KK',
        set: { 'household.members.2.nik': newNik },
      },
    );
    expect(second.statusCode).toBe(200);
    // Alice's view is stale now: her next change is refused.
    const late = await patch(
      id,
      { ...alice, 'if-match': '"1"' },
      { reason: 'x', set: { 'household.address.rw': '002' } },
    );
    expect(late.statusCode).toBe(409);

    const history = await app.inject({
      url: `/v1/intake/proposals/${id}/history`,
      headers: await intake.auth('auditor', REGENCY),
    });
    expect(history.statusCode).toBe(200);
    const { events } = history.json();
    expect(events.map((event: { type: string }) => event.type)).toEqual([
      'ProposalDrafted',
      'ProposalAmended',
      'ProposalAmended',
    ]);
    expect(events[1]).toMatchObject({
      actor: { userId: 'op-alice', role: 'operator_desa' },
      channel: 'operator',
      reason: 'Nama kepala keluarga salah ketik',
      status: 'draft',
      changes: [
        { path: 'household.address.rt', from: '003', to: '004' },
        { path: 'household.members.0.name', from: 'Lalu Ahmad', to: 'Lalu Ahmad Fauzi' },
      ],
    });
    expect(events[2]).toMatchObject({
      actor: { userId: 'op-bob', role: 'operator_desa' },
      reason: 'NIK anak diperbaiki sesuai KK',
      changes: [{ path: 'household.members.2.nik', from: '5202••••••••0036', to: '5202••••••••0777' }],
    });
    expect(events[2].occurredAt).toBe(IN_WINDOW.toISOString());
    expect(history.body).not.toContain(newNik);
    const detail = await proposal(id);
    expect(detail.content.household.members[2].nik).toBe(newNik);
    expect(detail.amendments).toBe(2);
  });
});

describe('GET /v1/intake/proposals/:id/chain', () => {
  it('verifies the stream, names an event changed behind the service’s back, and stays in scope', async () => {
    const id = await create(12);
    const amended = await patch(
      id,
      { ...alice, 'if-match': '"0"' },
      { reason: 'RT diperbaiki', set: { 'household.address.rt': '005' } },
    );
    expect(amended.statusCode).toBe(200);
    const chain = async (headers = alice) => app.inject({ url: `/v1/intake/proposals/${id}/chain`, headers });

    const verified = await chain();
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ streamId: `proposal-${id}`, status: 'verified', events: 2 });

    const tamper = (sql: string) => tamperWithEvents(platform.pool, sql, [`proposal-${id}`]);
    await tamper(
      `UPDATE eventstore.events SET metadata = jsonb_set(metadata, '{reason}', '"diubah diam-diam"')
        WHERE stream_id = $1 AND revision = 1`,
    );
    expect((await chain()).json()).toMatchObject({ status: 'broken', revision: 1, reason: 'hash mismatch' });
    await tamper(
      `UPDATE eventstore.events SET metadata = jsonb_set(metadata, '{reason}', '"RT diperbaiki"')
        WHERE stream_id = $1 AND revision = 1`,
    );
    expect((await chain()).json()).toMatchObject({ status: 'verified', events: 2 });

    const outsider = await intake.auth('operator_desa', OTHER_VILLAGE, 'op-carol');
    expect((await chain(outsider)).statusCode).toBe(404);
  });
});

describe('submission and withdrawal', () => {
  it('defers a submission outside the window, submits inside it, then refuses amendments', async () => {
    const id = await create(12);
    intake.setNow(new Date('2025-06-10T02:00:00Z'));
    const early = await app.inject({ method: 'POST', url: `/v1/intake/proposals/${id}/submit`, headers: alice });
    expect(early.json()).toMatchObject({ status: 'draft', deferredUntil: '2025-06-15', revision: 1 });
    intake.setNow(IN_WINDOW);
    const submitted = await app.inject({
      method: 'POST',
      url: `/v1/intake/proposals/${id}/submit`,
      headers: { ...alice, 'if-match': '"1"' },
    });
    expect(submitted.json()).toMatchObject({ status: 'submitted', revision: 2 });
    const again = await app.inject({ method: 'POST', url: `/v1/intake/proposals/${id}/submit`, headers: alice });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'proposal.already_submitted' });
    const amend = await patch(
      id,
      { ...alice, 'if-match': '"2"' },
      { reason: 'x', set: { 'household.address.rt': '009' } },
    );
    expect(amend.statusCode).toBe(409);
    expect(amend.json()).toMatchObject({ code: 'proposal.not_amendable' });
  });

  it('withdraws with a reason; a reader may not', async () => {
    const id = await create(13);
    const byReader = await app.inject({
      method: 'POST',
      url: `/v1/intake/proposals/${id}/withdraw`,
      headers: await intake.auth('auditor', REGENCY),
      payload: { reason: 'x' },
    });
    expect(byReader.statusCode).toBe(403);
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/v1/intake/proposals/${id}/withdraw`,
      headers: alice,
      payload: { reason: 'Keluarga sudah pindah' },
    });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', revision: 1 });
    const history = (await app.inject({ url: `/v1/intake/proposals/${id}/history`, headers: alice })).json();
    expect(history.events[1]).toMatchObject({
      type: 'ProposalWithdrawn',
      reason: 'Keluarga sudah pindah',
      status: 'withdrawn',
    });
  });
});

describe('verification decisions', () => {
  it('turns returned, verified and approved cases into proposal events, once each', async () => {
    const id = await create(14, { submit: true });
    const returned = await decideCase(id, 'CaseReturned', {
      reason: 'Foto rumah tidak jelas',
      fields: ['household.address.street'],
    });
    const back = await intake.eventually(async () => {
      const current = await proposal(id);
      return current.status === 'returned' && current;
    }, 'the return');
    expect(back.returned).toEqual({ reason: 'Foto rumah tidak jelas', fields: ['household.address.street'] });
    await decideCase(id, 'CaseReturned', { reason: 'Foto rumah tidak jelas' }, returned); // redelivered

    const corrected = await patch(
      id,
      { ...alice, 'if-match': `"${back.revision}"` },
      {
        reason: 'Alamat dilengkapi',
        set: { 'household.address.street': 'Jl. Gajah Mada 7, Montong' },
      },
    );
    expect(corrected.json()).toMatchObject({ status: 'corrected' });
    const resubmitted = await app.inject({ method: 'POST', url: `/v1/intake/proposals/${id}/submit`, headers: alice });
    expect(resubmitted.json()).toMatchObject({ status: 'submitted' });

    await decideCase(id, 'CaseVerified', {});
    await intake.eventually(async () => (await proposal(id)).status === 'verified', 'the verification');
    await decideCase(id, 'CaseApproved', { batchId: 'b-1' });
    const approved = await intake.eventually(async () => {
      const current = await proposal(id);
      return current.status === 'approved' && current;
    }, 'the approval');
    const history = (await app.inject({ url: `/v1/intake/proposals/${id}/history`, headers: alice })).json();
    expect(history.events.map((event: { type: string }) => event.type)).toEqual([
      'ProposalDrafted',
      'ProposalSubmitted',
      'ProposalReturned',
      'ProposalAmended',
      'ProposalResubmitted',
      'ProposalVerified',
      'ProposalApproved',
    ]);
    expect(history.events[2]).toMatchObject({
      actor: { userId: 'ver-1', role: 'verifikator_kabkota' },
      channel: 'system',
      reason: 'Foto rumah tidak jelas',
    });
    expect(approved.verificationCaseId).toBe(`case-${id}`);
  });

  it('rejects with the reason given', async () => {
    const id = await create(15, { submit: true });
    await decideCase(id, 'CaseRejected', { reason: 'Keluarga mampu' });
    const rejected = await intake.eventually(async () => {
      const current = await proposal(id);
      return current.status === 'rejected' && current;
    }, 'the rejection');
    expect(rejected.revision).toBe(2);
  });
});

describe('GET /v1/intake/proposals', () => {
  it('pages newest first within the caller’s scope, filters, and masks NIKs', async () => {
    await create(20, { channel: 'program' });
    await create(21, { submit: true });
    const ids = [await create(22), await create(23)];
    const list = async (query: string, headers = alice) => app.inject({ url: `/v1/intake/proposals${query}`, headers });
    await intake.eventually(async () => {
      const items = (await list('?limit=100')).json().items as { proposalId: string }[];
      return ids.every((id) => items.some((item) => item.proposalId === id));
    }, 'the read model');

    const page1 = (await list('?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0]).toMatchObject({
      regionCode: VILLAGE,
      memberCount: 3,
      headNik: expect.stringMatching(/^5202•{8}\d{4}$/),
    });
    const page2 = (await list(`?limit=2&cursor=${page1.nextCursor}`)).json();
    const seen = [...page1.items, ...page2.items].map((item: { proposalId: string }) => item.proposalId);
    expect(new Set(seen).size).toBe(4);
    expect(JSON.stringify(page1)).not.toMatch(ID_NUMBER);

    const programme = (await list('?channel=program')).json();
    expect(programme.items.every((item: { channel: string }) => item.channel === 'program')).toBe(true);
    expect(programme.items.length).toBeGreaterThan(0);
    const submitted = (await list(`?status=submitted&type=new_household&region=${VILLAGE}`)).json();
    expect(submitted.items.every((item: { status: string }) => item.status === 'submitted')).toBe(true);

    const district = (await list('', await intake.auth('verifikator_kabkota', REGENCY))).json();
    expect(district.items.length).toBeGreaterThan(0);
    const foreign = (await list('', await intake.auth('operator_desa', OTHER_VILLAGE))).json();
    expect(foreign.items).toEqual([]);
    const peek = await list(`?region=${VILLAGE}`, await intake.auth('operator_desa', OTHER_VILLAGE));
    expect(peek.statusCode).toBe(404);
    const badCursor = await list('?cursor=nonsense');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors).toMatchObject([{ path: 'query.cursor', code: 'cursor.invalid' }]);
  });
});

describe('the relay', () => {
  it('forwards a proposal’s events to intake.proposals.v1, keyed by the proposal id, sealed', async () => {
    const id = await create(30, { submit: true });
    const seen: { key: string; type: string; data: string }[] = [];
    const consumer = await startEventConsumer({
      bus: platform.bus,
      pool: platform.pool,
      name: 'test.intake-probe',
      topics: [Topics.intakeProposals],
      handle: async (event) => {
        if (event.streamId === `proposal-${id}`)
          seen.push({ key: event.streamId.slice(9), type: event.type, data: JSON.stringify(event.data) });
      },
    });
    try {
      await intake.eventually(async () => seen.length === 2, 'the relayed events');
    } finally {
      await consumer.stop();
    }
    expect(seen.map((message) => message.type)).toEqual(['ProposalDrafted', 'ProposalSubmitted']);
    expect(seen[0]?.key).toBe(id);
    expect(seen[0]?.data).not.toMatch(ID_NUMBER);
    expect(seen[0]?.data).toContain('"$sealed":2');
  });
});
