/**
 * Forgetting a person through `POST /v1/intake/persons/forget`: administrators only, in scope,
 * reason required; the person's and their household's keys are destroyed, `PersonForgotten`
 * (no personal data) is recorded, intake's read model drops the person's index and masked NIK,
 * the proposal's personal data no longer opens, and the hash chains still verify.
 */
import { ERASURE_STREAM_PREFIX, FORGOTTEN_INDEX } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { newHouseholdBody, REGENCY, startIntake, uniqueHousehold, VILLAGE } from './support.ts';

const intake = await startIntake();
const { app, platform } = intake;
const operator = await intake.auth();
const household = uniqueHousehold(41);
const head = household.members[0]!;
const child = household.members[2]!;

const created = await app.inject({
  method: 'POST',
  url: '/v1/intake/proposals',
  headers: operator,
  payload: newHouseholdBody(41),
});
const { proposalId } = created.json<{ proposalId: string }>();
await intake.eventually(async () => {
  const { rows } = await platform.pool.query('SELECT 1 FROM intake.proposal_people WHERE proposal_id = $1', [
    proposalId,
  ]);
  return rows.length === 3;
}, 'the people of the proposal');

const forget = async (body: object, headers: Record<string, string>, language = 'id') =>
  app.inject({
    method: 'POST',
    url: '/v1/intake/persons/forget',
    headers: { ...headers, 'accept-language': language },
    payload: body,
  });

describe('forgetting a person', () => {
  it('is refused to operators and verifiers, without a reason, with the NIK in the reason, out of scope', async () => {
    const reason = 'Permintaan penghapusan data oleh yang bersangkutan';
    expect((await forget({ nik: head.nik, reason }, operator)).statusCode).toBe(403);
    expect(
      (await forget({ nik: head.nik, reason }, await intake.auth('verifikator_kabkota', REGENCY))).statusCode,
    ).toBe(403);
    const admin = await intake.auth('admin_kabkota', REGENCY);
    const missing = await forget({ nik: head.nik }, admin);
    expect(missing.statusCode).toBe(400);
    const short = await forget({ nik: head.nik, reason: 'hapus' }, admin, 'en');
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('A reason is required');
    const leaky = await forget({ nik: head.nik, reason: `hapus data NIK ${head.nik}` }, admin);
    expect(leaky.statusCode).toBe(400);
    expect(leaky.body).toContain('tidak boleh memuat NIK');
    expect(leaky.body).not.toContain(head.nik);
    // Another regency's administrator learns nothing.
    expect((await forget({ nik: head.nik, reason }, await intake.auth('admin_kabkota', '52.01'))).statusCode).toBe(404);
    // Nothing was destroyed by the refusals.
    const { rows } = await platform.pool.query('SELECT 1 FROM pii.subject_keys WHERE forgotten_at IS NOT NULL');
    expect(rows).toHaveLength(0);
  });

  it("destroys the person's and their household's keys, records the erasure and blanks the read model", async () => {
    const admin = await intake.auth('admin_kabkota', REGENCY, 'adm-1');
    const reason = 'Permintaan penghapusan data oleh yang bersangkutan (surat 12/2025)';
    const answer = await forget({ nik: head.nik, reason }, admin);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ proposals: 1, households: 1, alreadyForgotten: false });

    const events = await platform.store.readAll({ streamPrefixes: [ERASURE_STREAM_PREFIX] });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.type).toBe('PersonForgotten');
    expect(event?.metadata).toMatchObject({ reason, actor: { userId: 'adm-1', role: 'admin_kabkota' } });
    expect(JSON.stringify(event)).not.toContain(head.nik);
    expect(JSON.stringify(event)).not.toContain(head.name);

    await intake.eventually(async () => {
      const { rows } = await platform.pool.query<{ head_nik_masked: string | null }>(
        'SELECT head_nik_masked FROM intake.proposals WHERE proposal_id = $1',
        [proposalId],
      );
      return rows[0]?.head_nik_masked === null;
    }, 'the masked NIK to go');
    const nikIndex = platform.keyring.blindIndex('nik', head.nik);
    const people = await platform.pool.query<{ nik_index: string }>(
      'SELECT nik_index FROM intake.proposal_people WHERE proposal_id = $1',
      [proposalId],
    );
    expect(people.rows.map((row) => row.nik_index)).not.toContain(nikIndex);
    expect(people.rows.map((row) => row.nik_index)).not.toContain(FORGOTTEN_INDEX);
    expect(people.rows).toHaveLength(2);

    // The proposal's personal data no longer opens: its content reads as forgotten.
    const detail = await app.inject({ method: 'GET', url: `/v1/intake/proposals/${proposalId}`, headers: operator });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain(head.name);
    expect(detail.body).not.toContain(household.address.street);
    expect(detail.body).not.toContain(child.name); // the household block is gone with its head

    // Forgetting again (the centre, national) finds nothing more to do and appends nothing.
    const again = await forget({ nik: head.nik, reason }, await intake.auth('pusdatin', ''));
    expect(again.json()).toMatchObject({ alreadyForgotten: true });
    expect(await platform.store.readAll({ streamPrefixes: [ERASURE_STREAM_PREFIX] })).toHaveLength(1);

    const chains = await platform.store.verifyStream(`proposal-${proposalId}`);
    expect(chains.status).toBe('verified');
  });

  it('forgets the complaints about the person: their index, their texts and photo, and no answer after', async () => {
    // Someone named only in a complaint (a citizen reporting a neighbour), not in any proposal.
    const neighbour = uniqueHousehold(43).members[0]!;
    const filed = await app.inject({
      method: 'POST',
      url: '/v1/intake/complaints',
      remoteAddress: '10.9.0.1',
      payload: {
        regionCode: VILLAGE,
        category: 'ineligible_recipient',
        description: 'Penerima ini sebenarnya mampu dan punya usaha toko besar di pasar desa.',
        subject: { nik: neighbour.nik, name: neighbour.name },
      },
    });
    expect(filed.statusCode, filed.body).toBe(202);
    const { complaintId } = filed.json<{ complaintId: string }>();
    const nikIndex = platform.keyring.blindIndex('nik', neighbour.nik);
    await intake.eventually(async () => {
      const { rows } = await platform.pool.query<{ subject_nik_index: string | null }>(
        'SELECT subject_nik_index FROM intake.complaints WHERE complaint_id = $1',
        [complaintId],
      );
      return rows[0]?.subject_nik_index === nikIndex;
    }, 'the complaint in the read model with whom it concerns');
    const photo = Buffer.from('not really a photo, sealed beside the log');
    await platform.pool.query(
      `INSERT INTO intake.complaint_photos (complaint_id, sha256, media_type, sealed) VALUES ($1, 'x', 'image/png', $2)`,
      [
        complaintId,
        await platform.keyring.seal(`complaint:${complaintId}`, photo.toString('base64'), 'complaint_photo'),
      ],
    );
    const leads = async () =>
      (await app.inject({ url: `/v1/intake/complaints?region=${VILLAGE}&limit=100`, headers: operator })).json<{
        items: { complaintId: string; subjectName?: string; erased?: boolean }[];
      }>();
    expect((await leads()).items.find((item) => item.complaintId === complaintId)?.subjectName).toBe(neighbour.name);

    const admin = await intake.auth('admin_kabkota', REGENCY, 'adm-2');
    // Another regency's administrator learns nothing of it.
    const reason = 'Permintaan penghapusan data oleh yang bersangkutan (surat 13/2025)';
    expect((await forget({ nik: neighbour.nik, reason }, await intake.auth('admin_kabkota', '52.01'))).statusCode).toBe(
      404,
    );
    const answer = await forget({ nik: neighbour.nik, reason }, admin);
    expect(answer.statusCode, answer.body).toBe(200);
    const [event] = await platform.store
      .readAll({ streamPrefixes: [ERASURE_STREAM_PREFIX] })
      .then((all) => all.filter((each) => each.data['nikIndex'] === nikIndex));
    expect(event?.data).toMatchObject({ complaintIds: [complaintId] });
    expect(event?.data['subjects']).toContain(`complaint:${complaintId}`);

    await intake.eventually(async () => {
      const { rows } = await platform.pool.query<{ subject_nik_index: string | null }>(
        'SELECT subject_nik_index FROM intake.complaints WHERE complaint_id = $1',
        [complaintId],
      );
      return rows[0]?.subject_nik_index === null;
    }, 'the complaint to let go of the person');
    expect(
      (await platform.pool.query('SELECT 1 FROM intake.complaint_photos WHERE complaint_id = $1', [complaintId])).rows,
    ).toEqual([]);
    const lead = (await leads()).items.find((item) => item.complaintId === complaintId);
    expect(lead).toMatchObject({ erased: true });
    expect(JSON.stringify(lead)).not.toContain(neighbour.name);

    // The complaint itself stays (its stage, its counts); an answer can no longer be sealed for it.
    const triaged = await app.inject({
      method: 'POST',
      url: `/v1/intake/complaints/${complaintId}/triage`,
      headers: operator,
      payload: { outcome: 'unfounded', reason: 'Setelah dicek, penerima memang layak menerima bantuan.' },
    });
    expect(triaged.statusCode, triaged.body).toBe(200);
    const answered = await app.inject({
      method: 'POST',
      url: `/v1/intake/complaints/${complaintId}/answer`,
      headers: operator,
      payload: { upheld: false, answer: 'Terima kasih, pengaduan sudah kami periksa.' },
    });
    expect(answered.statusCode).toBe(409);
    expect(answered.json()).toMatchObject({ code: 'complaint.data_forgotten' });
  });
});
