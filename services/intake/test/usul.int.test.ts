import { describe, expect, it } from 'vitest';
import { complaintProposalId } from '../src/complaints/lifecycle-routes.ts';
import { makeNik, member } from '../src/proposals/test-fixtures.ts';
import { REGENCY, startIntake, VILLAGE } from './support.ts';

// An usul that carries its household drafts a new-household proposal when the village operator
// triages it as founded: channel `complaint`, in the complaint's village, linked both ways and in
// the audit trail; the operator then completes the draft.

const intake = await startIntake({ INTAKE_COMPLAINTS_PER_HOUR: '100' });
const { app, platform } = intake;

const { relationship: _head, ...head } = member({
  nik: makeNik('1979-11-02', 'female', '0931'),
  name: 'Baiq Nurhayati',
  sex: 'female',
  birthDate: '1979-11-02',
  maritalStatus: 'cerai_mati',
  occupation: 'buruh',
});
const usul = {
  regionCode: VILLAGE,
  category: 'missing_household',
  description: 'Janda dengan tiga anak, rumah berdinding bambu, belum pernah menerima bantuan apa pun.',
  household: { head, address: { street: 'Gang Melati 4', rt: '005', rw: '002', dusun: 'Karang Baru' } },
};

let address = 0;
const file = (body: object) =>
  app.inject({
    method: 'POST',
    url: '/v1/intake/complaints',
    payload: body,
    remoteAddress: `10.7.0.${(address += 1)}`,
  });
const track = (code: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/intake/complaints/track',
    payload: { code },
    remoteAddress: `10.8.0.${(address += 1)}`,
  });

async function fileAndWait(body: object): Promise<{ complaintId: string; trackingCode: string }> {
  const response = await file(body);
  expect(response.statusCode, response.body).toBe(202);
  const filed = response.json();
  await intake.eventually(async () => (await track(filed.trackingCode)).statusCode === 200, 'the complaint row');
  return filed;
}

describe('an usul with its household', () => {
  it('drafts a new-household proposal when the operator triages it, linked, on channel complaint, in the audit', async () => {
    const filed = await fileAndWait(usul);
    // Sealed like the complaint's other personal fields: nothing of the household in clear.
    const received = await platform.pool.query<{ data: object }>(
      `SELECT data FROM eventstore.events WHERE stream_id = $1 AND type = 'ComplaintReceived'`,
      [`complaint-${filed.complaintId}`],
    );
    expect(JSON.stringify(received.rows[0]?.data)).not.toMatch(/Nurhayati|Melati|Praya|5202014211790931/);

    // The operator's lead names the proposed head (NIK masked) and says it carries a household.
    const operator = await intake.auth();
    const leads = (await app.inject({ url: '/v1/intake/complaints', headers: operator })).json().items;
    expect(leads.find((lead: { complaintId: string }) => lead.complaintId === filed.complaintId)).toMatchObject({
      category: 'missing_household',
      subjectName: 'Baiq Nurhayati',
      subjectNik: '5202••••••••0931',
      proposedHousehold: true,
    });

    const triaged = await app.inject({
      method: 'POST',
      url: `/v1/intake/complaints/${filed.complaintId}/triage`,
      headers: operator,
      payload: { outcome: 'founded' },
    });
    expect(triaged.statusCode, triaged.body).toBe(200);
    expect(triaged.json()).toEqual({ complaintId: filed.complaintId, stage: 'routed' });

    // The draft: the citizen's data, in the complaint's village, channel complaint, not submitted.
    const proposalId = complaintProposalId(filed.complaintId);
    const proposal = await intake.eventually(async () => {
      const response = await app.inject({ url: `/v1/intake/proposals/${proposalId}`, headers: operator });
      return response.statusCode === 200 ? (response.json() as Record<string, unknown>) : undefined;
    }, 'the draft proposal');
    expect(proposal).toMatchObject({
      status: 'draft',
      channel: 'complaint',
      proposalType: 'new_household',
      regionCode: VILLAGE,
    });
    expect(proposal['content']).toEqual({
      type: 'new_household',
      household: {
        regionCode: VILLAGE,
        address: usul.household.address,
        members: [{ ...head, relationship: 'kepala_keluarga' }],
        programmes: [],
      },
    });

    // Linked: the complaint's stream routes to it; the lead and the tracking page show it.
    const { rows } = await platform.pool.query<{ type: string; data: Record<string, unknown>; metadata: never }>(
      `SELECT type, data FROM eventstore.events WHERE stream_id = $1 ORDER BY revision`,
      [`complaint-${filed.complaintId}`],
    );
    expect(rows.map((row) => row.type)).toEqual(['ComplaintReceived', 'ComplaintTriaged', 'ComplaintRouted']);
    expect(rows[2]!.data).toEqual({
      complaintId: filed.complaintId,
      regionCode: VILLAGE,
      route: 'new_household',
      proposalId,
    });
    const routed = await intake.eventually(async () => {
      const body = (await track(filed.trackingCode)).json();
      return body.proposalStage !== undefined && body;
    }, 'the proposal stage on the tracking page');
    expect(routed).toMatchObject({ stage: 'routed', founded: true, proposalStage: 'waiting' });
    const lead = (await app.inject({ url: '/v1/intake/complaints', headers: operator }))
      .json()
      .items.find((item: { complaintId: string }) => item.complaintId === filed.complaintId);
    expect(lead).toMatchObject({ stage: 'routed', proposalId });

    // In the audit trail: drafted by the operator, on channel complaint, naming the usul.
    const history = await app.inject({
      url: `/v1/intake/proposals/${proposalId}/history`,
      headers: await intake.auth('auditor', REGENCY),
    });
    expect(history.statusCode).toBe(200);
    expect(history.json().events).toMatchObject([
      {
        type: 'ProposalDrafted',
        actor: { role: 'operator_desa' },
        channel: 'complaint',
        reason: `usul ${filed.complaintId}`,
        status: 'draft',
      },
    ]);

    // The operator completes the draft as any other.
    const completed = await app.inject({
      method: 'PATCH',
      url: `/v1/intake/proposals/${proposalId}`,
      headers: { ...operator, 'if-match': '"0"' },
      payload: { reason: 'Dilengkapi setelah kunjungan', set: { 'household.programmes': ['PKH', 'BPNT'] } },
    });
    expect(completed.statusCode, completed.body).toBe(200);

    // A second triage opens nothing more.
    const again = await app.inject({
      method: 'POST',
      url: `/v1/intake/complaints/${filed.complaintId}/triage`,
      headers: operator,
      payload: { outcome: 'founded' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('drafts nothing when the usul is linked to an existing proposal, or carries no household', async () => {
    const operator = await intake.auth();
    const { household: _none, ...bare } = usul;
    const withoutHousehold = await fileAndWait(bare);
    const unlinked = await app.inject({
      method: 'POST',
      url: `/v1/intake/complaints/${withoutHousehold.complaintId}/triage`,
      headers: operator,
      payload: { outcome: 'founded' },
    });
    expect(unlinked.statusCode).toBe(422);
    expect(unlinked.json()).toMatchObject({ code: 'complaint.link_required' });

    const linked = await fileAndWait(usul);
    const named = complaintProposalId(withoutHousehold.complaintId);
    const routed = await app.inject({
      method: 'POST',
      url: `/v1/intake/complaints/${linked.complaintId}/triage`,
      headers: operator,
      payload: { outcome: 'founded', proposalId: named },
    });
    expect(routed.statusCode).toBe(200);
    const drafted = await app.inject({
      url: `/v1/intake/proposals/${complaintProposalId(linked.complaintId)}`,
      headers: operator,
    });
    expect(drafted.statusCode).toBe(404);
  });

  it('refuses a household on a sanggah and a head whose NIK contradicts the birth date, echoing nothing', async () => {
    const sanggah = await file({ ...usul, category: 'ineligible_recipient' });
    expect(sanggah.statusCode).toBe(400);
    expect(sanggah.json().errors).toMatchObject([{ path: 'household', code: 'complaint.household_usul_only' }]);

    const contradicting = await file({
      ...usul,
      household: { ...usul.household, head: { ...head, birthDate: '1981-11-02' } },
    });
    expect(contradicting.statusCode).toBe(400);
    expect(contradicting.json().errors).toMatchObject([{ path: 'household.head.nik', code: 'nik.birthdate_mismatch' }]);
    expect(contradicting.body).not.toMatch(/Nurhayati|5202014211790931/);

    const incomplete = await file({ ...usul, household: { head: { nik: head.nik, name: head.name } } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).not.toContain(head.nik);
  });
});
