import { Topics, uuidv7 } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { complaintProposalId } from '../src/complaints/lifecycle-routes.ts';
import { caseEvent, IN_WINDOW, OTHER_VILLAGE, REGENCY, startIntake, VILLAGE } from './support.ts';

const intake = await startIntake({ INTAKE_COMPLAINTS_PER_HOUR: '100', INTAKE_COMPLAINT_TRACKS_PER_MINUTE: '20' });
const { app, platform } = intake;
const RECIPIENT_NIK = '5202014508800003';

let address = 0;
const file = (body: object) =>
  app.inject({
    method: 'POST',
    url: '/v1/intake/complaints',
    payload: body,
    remoteAddress: `10.2.0.${(address += 1)}`,
  });
let trackers = 0;
/** A lookup from its own address unless one is given (the per-address limit is tested alone). */
const track = (code: string, remoteAddress = `10.3.${Math.floor(trackers / 200)}.${(trackers += 1) % 200}`) =>
  app.inject({ method: 'POST', url: '/v1/intake/complaints/track', payload: { code }, remoteAddress });
const post = async (url: string, payload: object, headers?: Record<string, string>) =>
  app.inject({ method: 'POST', url, payload, headers: headers ?? (await intake.auth()) });

const sanggah = {
  regionCode: VILLAGE,
  category: 'ineligible_recipient',
  description: 'Keluarga ini punya mobil dan toko besar tetapi masih menerima PKH setiap bulan.',
  subject: { nik: RECIPIENT_NIK, name: 'Haji Mahmud' },
  contact: { phone: '081234567891' },
};

async function fileAndWait(body: object): Promise<{ complaintId: string; trackingCode: string }> {
  const response = await file(body);
  expect(response.statusCode).toBe(202);
  const filed = response.json();
  await intake.eventually(async () => (await track(filed.trackingCode)).statusCode === 200, 'the complaint row');
  return filed;
}

describe('a sanggah from filing to its answer', () => {
  it('is followed with its tracking code through triage, verification and the answer', async () => {
    const filed = await fileAndWait(sanggah);
    expect(filed.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const received = (await track(filed.trackingCode.toLowerCase().replaceAll('-', ''))).json();
    expect(received).toMatchObject({ stage: 'received', category: 'ineligible_recipient', villageCode: VILLAGE });
    // The public answer holds nothing of what was sent about people.
    expect(JSON.stringify(received)).not.toMatch(/Mahmud|5202014508800003|081234567891|mobil/);

    // The operator sees the lead (NIK masked) and triages it against the recipient's household.
    const leads = (await app.inject({ url: '/v1/intake/complaints', headers: await intake.auth() })).json().items;
    expect(leads.find((lead: { complaintId: string }) => lead.complaintId === filed.complaintId)).toMatchObject({
      stage: 'received',
      subjectName: 'Haji Mahmud',
      subjectNik: '5202••••••••0003',
    });
    const householdId = uuidv7();
    const triaged = await post(`/v1/intake/complaints/${filed.complaintId}/triage`, {
      outcome: 'founded',
      householdId,
      deactivationReason: 'mampu',
    });
    expect(triaged.statusCode).toBe(200);
    const proposalId = complaintProposalId(filed.complaintId);
    expect(triaged.json()).toEqual({ complaintId: filed.complaintId, stage: 'routed' });
    const proposal = await intake.eventually(async () => {
      const response = await app.inject({ url: `/v1/intake/proposals/${proposalId}`, headers: await intake.auth() });
      return response.statusCode === 200 ? (response.json() as Record<string, unknown>) : undefined;
    }, 'the deactivation proposal');
    expect(proposal).toMatchObject({ status: 'submitted', channel: 'complaint', proposalType: 'deactivate' });
    expect(proposal.content).toMatchObject({ type: 'deactivate', householdId, reason: 'mampu' });
    const routed = await intake.eventually(async () => {
      const body = (await track(filed.trackingCode)).json();
      return body.stage === 'routed' && body;
    }, 'the routed stage');
    expect(routed).toMatchObject({ founded: true, proposalStage: 'submitted' });

    // The district verifies (verification's case decision reaches intake as for any proposal).
    const verified = caseEvent(proposalId, 'CaseVerified', { caseId: `case-${proposalId}` });
    await platform.bus.publish(Topics.verificationCases, [{ key: proposalId, value: JSON.stringify(verified) }]);
    await intake.eventually(
      async () => (await track(filed.trackingCode)).json().proposalStage === 'in_verification',
      'the proposal in verification',
    );

    const district = await intake.auth('verifikator_kabkota', REGENCY);
    const answered = await post(
      `/v1/intake/complaints/${filed.complaintId}/answer`,
      { upheld: true, answer: 'Sanggahan diterima; usulan penonaktifan sedang diverifikasi dinas.' },
      district,
    );
    expect(answered.json()).toEqual({ complaintId: filed.complaintId, stage: 'answered' });
    const withAnswer = await intake.eventually(async () => {
      const body = (await track(filed.trackingCode)).json();
      return body.stage === 'answered' && body;
    }, 'the answer');
    expect(withAnswer.answer).toEqual({
      upheld: true,
      text: 'Sanggahan diterima; usulan penonaktifan sedang diverifikasi dinas.',
    });
    expect((await post(`/v1/intake/complaints/${filed.complaintId}/close`, {}, district)).json().stage).toBe('closed');

    // All of it in the complaint's stream, with who did it; the answer sealed.
    const { rows } = await platform.pool.query<{ type: string; metadata: { actor: { role: string } }; data: object }>(
      `SELECT type, metadata, data FROM eventstore.events WHERE stream_id = $1 ORDER BY revision`,
      [`complaint-${filed.complaintId}`],
    );
    expect(rows.map((row) => [row.type, row.metadata.actor.role])).toEqual([
      ['ComplaintReceived', 'system'],
      ['ComplaintTriaged', 'operator_desa'],
      ['ComplaintRouted', 'operator_desa'],
      ['ComplaintAnswered', 'verifikator_kabkota'],
      ['ComplaintClosed', 'verifikator_kabkota'],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/Sanggahan diterima|Mahmud|5202014508800003/);
  });

  it('refuses a second triage, an answer before triage, and anyone out of scope', async () => {
    const filed = await fileAndWait(sanggah);
    const url = `/v1/intake/complaints/${filed.complaintId}`;
    expect((await post(`${url}/answer`, { upheld: false, answer: 'Belum ditinjau sama sekali.' })).statusCode).toBe(
      409,
    );
    expect((await post(`${url}/triage`, { outcome: 'founded' })).statusCode).toBe(422);
    const foreign = await post(
      `${url}/triage`,
      { outcome: 'unfounded', reason: 'x' },
      await intake.auth('operator_desa', OTHER_VILLAGE),
    );
    expect(foreign.statusCode).toBe(404);
    const verifier = await post(
      `${url}/triage`,
      { outcome: 'unfounded', reason: 'x' },
      await intake.auth('verifikator_kabkota', REGENCY),
    );
    expect(verifier.statusCode).toBe(403);
    expect(
      (await post(`${url}/triage`, { outcome: 'unfounded', reason: 'Penerima sudah dicek: layak.' })).statusCode,
    ).toBe(200);
    expect((await post(`${url}/triage`, { outcome: 'unfounded', reason: 'lagi' })).statusCode).toBe(409);
    // Unfounded: no proposal was opened for it.
    const opened = await app.inject({
      url: `/v1/intake/proposals/${complaintProposalId(filed.complaintId)}`,
      headers: await intake.auth(),
    });
    expect(opened.statusCode).toBe(404);
  });
});

describe('the public side of complaints', () => {
  it('answers a guessed or malformed tracking code with the same 404 and limits guessing per address', async () => {
    const guessed = await track('7KQ2-M9XD-4T0B-HW3R', '10.4.0.1');
    const malformed = await track('<script>', '10.4.0.1');
    for (const response of [guessed, malformed]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
    }
    const { requestId: _a, ...one } = guessed.json();
    const { requestId: _b, ...other } = malformed.json();
    expect(one).toEqual(other);
    const answers = [];
    for (let i = 0; i < 22; i += 1) answers.push((await track(`AAAA-AAAA-AAAA-${1000 + i}`, '10.4.0.2')).statusCode);
    expect(answers.filter((status) => status === 429)).toHaveLength(2);
    expect((await track('AAAA-AAAA-AAAA-AAAA', '10.4.0.3')).statusCode).toBe(404);
  });

  it('keeps script in text fields as text, sealed, and never echoes it', async () => {
    const script = '<script>alert(document.cookie)</script> keluarga ini tidak layak menerima bantuan';
    const filed = await fileAndWait({
      ...sanggah,
      description: script,
      subject: { name: '<img src=x onerror=alert(1)>' },
    });
    const tracked = await track(filed.trackingCode);
    expect(tracked.body).not.toContain('<script>');
    expect(tracked.headers['content-type']).toContain('application/json');
    const leads = (await app.inject({ url: '/v1/intake/complaints', headers: await intake.auth() })).json().items;
    // Stored as written (the console renders text, never HTML).
    expect(leads.find((lead: { complaintId: string }) => lead.complaintId === filed.complaintId).description).toBe(
      script,
    );
  });

  it('takes a photo whose bytes are the type it claims, and refuses an oversized or disguised one', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    const withPhoto = await file({ ...sanggah, photo: { mediaType: 'image/jpeg', data: jpeg.toString('base64') } });
    expect(withPhoto.statusCode).toBe(202);
    const stored = await platform.pool.query(`SELECT sealed FROM intake.complaint_photos WHERE complaint_id = $1`, [
      withPhoto.json().complaintId,
    ]);
    expect(stored.rows[0].sealed).toMatchObject({ $sealed: 2, f: 'complaint_photo' });
    const disguised = await file({
      ...sanggah,
      photo: { mediaType: 'image/png', data: Buffer.from('<html><script>x</script>').toString('base64') },
    });
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().errors).toMatchObject([{ path: 'photo.mediaType', code: 'photo.type_mismatch' }]);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(1_050_000)]);
    const oversized = await file({ ...sanggah, photo: { mediaType: 'image/jpeg', data: big.toString('base64') } });
    expect(oversized.statusCode).toBe(400);
    expect(oversized.json().errors).toMatchObject([{ path: 'photo.data' }]);
    const huge = await file({ ...sanggah, photo: { mediaType: 'image/jpeg', data: 'A'.repeat(1_600_000) } });
    expect(huge.statusCode).toBe(413);
  });

  it('refuses a malformed NIK of the person concerned without echoing it', async () => {
    const response = await file({ ...sanggah, subject: { nik: '52020145088' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toMatchObject([{ path: 'subject.nik' }]);
    expect(response.body).not.toContain('52020145088');
  });
});

describe('the district’s view', () => {
  it('lists overdue complaints and the villages whose complaints are often upheld', async () => {
    const district = await intake.auth('admin_kabkota', REGENCY);
    for (let i = 0; i < 3; i += 1) {
      const filed = await fileAndWait({ ...sanggah, regionCode: OTHER_VILLAGE });
      await post(
        `/v1/intake/complaints/${filed.complaintId}/triage`,
        { outcome: 'founded', householdId: uuidv7() },
        district,
      );
      await post(
        `/v1/intake/complaints/${filed.complaintId}/answer`,
        { upheld: true, answer: 'Sanggahan diterima dan diteruskan.' },
        district,
      );
    }
    const fresh = await intake.eventually(async () => {
      const body = (await app.inject({ url: '/v1/intake/complaints/summary', headers: district })).json();
      const other = body.villages.find((village: { regionCode: string }) => village.regionCode === OTHER_VILLAGE);
      return other?.outcomes.upheld === 3 && body;
    }, 'the summary');
    const other = fresh.villages.find((village: { regionCode: string }) => village.regionCode === OTHER_VILLAGE);
    expect(other).toMatchObject({ byStage: { answered: 3 }, upheldShare: 1, standsOut: true, overdue: 0 });
    const own = fresh.villages.find((village: { regionCode: string }) => village.regionCode === VILLAGE);
    expect(own.standsOut).toBe(false);
    expect((await app.inject({ url: '/v1/intake/complaints/overdue', headers: district })).json().items).toEqual([]);

    // Four days on, the ones still received are past their 72 hours; answered ones are too.
    intake.setNow(new Date(IN_WINDOW.getTime() + 4 * 86_400_000));
    const overdue = (await app.inject({ url: '/v1/intake/complaints/overdue', headers: district })).json().items;
    expect(overdue.length).toBeGreaterThan(3);
    expect(overdue.map((item: { stage: string }) => item.stage)).toContain('received');
    const later = (await app.inject({ url: '/v1/intake/complaints/summary', headers: district })).json();
    expect(later.villages.find((village: { regionCode: string }) => village.regionCode === OTHER_VILLAGE).overdue).toBe(
      3,
    );
    const village = await app.inject({
      url: '/v1/intake/complaints/overdue',
      headers: await intake.auth('operator_desa', OTHER_VILLAGE),
    });
    expect(village.json().items.every((item: { regionCode: string }) => item.regionCode === OTHER_VILLAGE)).toBe(true);
    intake.setNow(IN_WINDOW);
  });
});
