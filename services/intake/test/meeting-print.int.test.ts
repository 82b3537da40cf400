import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfText } from '@siks/print/testing';
import { describe, expect, it } from 'vitest';
import { rowRanges } from '../src/meetings/print/summary.ts';
import { multipart, OTHER_VILLAGE, REGENCY, startIntake, VILLAGE } from './support.ts';

// The paper of a village meeting: the minutes and attendance forms filled with its facts, and
// its summary with the proposals it agreed and the amendments after it.

const intake = await startIntake();
const { app } = intake;
const operator = await intake.auth();
const samples = join(import.meta.dirname, '..', 'samples');
const MEETING = {
  kind: 'musdes',
  date: '2025-06-12',
  number: '141/08/BA/2025',
  place: 'Aula Kantor Desa',
  attendeeCount: 33,
};

async function meetingWithList(): Promise<{ meetingId: string; proposals: { proposalId: string; rows: number[] }[] }> {
  const meeting = (
    await app.inject({ method: 'POST', url: '/v1/intake/meetings', headers: operator, payload: MEETING })
  ).json();
  const form = multipart(
    { channel: 'musdes', meetingId: meeting.meetingId },
    { name: 'bnba.csv', type: 'text/csv', content: readFileSync(join(samples, 'bnba-musdes.csv'), 'utf8') },
  );
  const upload = await app.inject({
    method: 'POST',
    url: '/v1/intake/imports',
    headers: { ...operator, ...form.headers },
    payload: form.payload,
  });
  expect(upload.statusCode).toBe(202);
  const view = await intake.eventually(async () => {
    const answer = (await app.inject({ url: `/v1/intake/meetings/${meeting.meetingId}`, headers: operator })).json();
    return answer.proposals.length >= 3 && answer;
  }, 'the meeting’s proposals');
  return { meetingId: meeting.meetingId, proposals: view.proposals };
}

const readsOf = async (purpose: string) =>
  (await intake.platform.store.readAll({ streamPrefixes: ['reads-intake-'] })).filter(
    (event) => event.data['purpose'] === purpose,
  );

describe('printed meeting documents', () => {
  let meetingId = '';
  let proposals: { proposalId: string; rows: number[] }[] = [];

  it('fills the minutes and the attendance list with the village and the meeting; blank forms on their own', async () => {
    ({ meetingId, proposals } = await meetingWithList());
    const minutes = await app.inject({ url: `/v1/intake/meetings/${meetingId}/forms/berita-acara`, headers: operator });
    expect(minutes.statusCode).toBe(200);
    expect(minutes.headers['content-type']).toBe('application/pdf');
    expect(minutes.headers['content-disposition']).toBe('attachment; filename="berita-acara-2025-06-12.pdf"');
    const text = (await pdfText(minutes.rawPayload)).text;
    expect(text).toContain('BERITA ACARA MUSYAWARAH DESA');
    expect(text).toContain('Nomor: 141/08/BA/2025');
    expect(text).toContain(
      'Pada hari ini Kamis, tanggal 12 Juni 2025, bertempat di Aula Kantor Desa, Desa Montong Terep',
    );
    expect(text).toContain('Kecamatan Praya, Kabupaten Lombok Tengah, Provinsi Nusa Tenggara Barat');
    expect(text).toContain('33 orang (daftar hadir terlampir)');
    expect(text).toContain(`sebanyak ${proposals.length} keluarga`);
    expect(text).toContain('Ketua BPD');
    expect(text).toContain('Kepala Desa Montong Terep');
    expect(text).not.toContain('NIP.'); // a kepala desa is elected: no NIP

    const attendance = await app.inject({
      url: `/v1/intake/meetings/${meetingId}/forms/daftar-hadir`,
      headers: operator,
    });
    expect(attendance.statusCode).toBe(200);
    const list = await pdfText(attendance.rawPayload);
    expect(list.text).toContain('DAFTAR HADIR MUSYAWARAH DESA MONTONG TEREP');
    expect(list.text).toContain('Kamis, 12 Juni 2025');
    expect(list.text).toContain('141/08/BA/2025');
    // One numbered row per attendee recorded, to sign.
    expect(list.text).toContain('33 33.');
    expect(list.text).not.toContain('34 34.');

    const blank = await app.inject({
      url: '/v1/intake/meeting-forms/berita-acara?kind=muskel',
      headers: await intake.auth('verifikator_kabkota', REGENCY),
    });
    expect(blank.statusCode).toBe(200);
    const blankText = (await pdfText(blank.rawPayload)).text;
    expect(blankText).toContain('BERITA ACARA MUSYAWARAH KELURAHAN');
    expect(blankText).toContain('Ketua LPM');
    expect(blankText).toContain('NIP. ....'); // a lurah is a civil servant
    const ownVillage = await app.inject({ url: '/v1/intake/meeting-forms/daftar-hadir', headers: operator });
    expect((await pdfText(ownVillage.rawPayload)).text).toContain('MUSYAWARAH DESA MONTONG TEREP');
    // The forms hold no personal data: no read recorded.
    expect(await readsOf('intake.meeting.summary')).toHaveLength(0);
  });

  it('prints the summary: the meeting, its proposals with rows and heads, and the amendments after it; a recorded read', async () => {
    const amended = proposals[1]!;
    const patch = await app.inject({
      method: 'PATCH',
      url: `/v1/intake/proposals/${amended.proposalId}`,
      headers: { ...operator, 'if-match': '"0"' },
      payload: { reason: 'alamat diperbarui setelah musyawarah', set: { 'household.address.rt': '009' } },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    await intake.eventually(async () => {
      const answer = (await app.inject({ url: `/v1/intake/meetings/${meetingId}`, headers: operator })).json();
      return answer.proposals.some((proposal: { amendedAfterMeeting: boolean }) => proposal.amendedAfterMeeting);
    }, 'the amendment in the read model');

    const reader = await intake.auth('verifikator_kabkota', REGENCY, 'verifikator-praya');
    const summary = await app.inject({ url: `/v1/intake/meetings/${meetingId}/summary`, headers: reader });
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.headers['cache-control']).toBe('private, no-store');
    const { text } = await pdfText(summary.rawPayload);
    expect(text).toContain('RINGKASAN HASIL MUSYAWARAH DESA MONTONG TEREP');
    expect(text).toContain('Nomor berita acara: 141/08/BA/2025');
    expect(text).toContain(`Usulan yang disepakati (${proposals.length})`);
    // Rows of the list with the heads of household (names from the sample list; NIKs masked).
    expect(text).toContain(`1 ${rowRanges(proposals[0]!.rows)} Lalu Ahmad 5202••••••••0001`);
    expect(text).toContain('Baiq Maryam');
    expect(text).not.toContain('5202011509940001');
    expect(text).toContain('Ya, 1 kali');
    expect(text).toContain('Perubahan setelah musyawarah (1 usulan)');
    expect(text).toContain(amended.proposalId.slice(0, 8));
    expect(text).toContain('household.address.rt');
    expect(text).toContain('alamat diperbarui setelah musyawarah');

    const reads = await readsOf('intake.meeting.summary');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.data).toMatchObject({
      fields: ['name', 'nik_masked'],
      rows: proposals.length,
      regionCode: VILLAGE,
    });
    expect(reads[0]!.metadata.actor).toMatchObject({ userId: 'verifikator-praya', role: 'verifikator_kabkota' });
    expect(new Set((reads[0]!.data['subjects'] as { id: string }[]).map((subject) => subject.id))).toEqual(
      new Set(proposals.map((proposal) => proposal.proposalId)),
    );
    expect(JSON.stringify(reads)).not.toContain('Lalu Ahmad');
  });

  it('answers 404 outside the meeting’s scope for every printout, and records no read', async () => {
    const stranger = await intake.auth('operator_desa', OTHER_VILLAGE);
    const otherRegency = await intake.auth('admin_kabkota', '52.03');
    for (const headers of [stranger, otherRegency])
      for (const path of ['forms/berita-acara', 'forms/daftar-hadir', 'summary'])
        expect((await app.inject({ url: `/v1/intake/meetings/${meetingId}/${path}`, headers })).statusCode).toBe(404);
    expect((await app.inject({ url: `/v1/intake/meetings/${meetingId}/summary` })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/intake/meeting-forms/undangan', headers: operator })).statusCode).toBe(400);
    expect(await readsOf('intake.meeting.summary')).toHaveLength(1);
  });
});
