import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { multipart, OTHER_VILLAGE, REGENCY, startIntake } from './support.ts';

const intake = await startIntake();
const { app } = intake;
const operator = await intake.auth();
const samples = join(import.meta.dirname, '..', 'samples');
const MEETING = {
  kind: 'musdes',
  date: '2025-06-10',
  number: '140/07/BA/2025',
  place: 'Balai Desa',
  attendeeCount: 42,
};
const DOCUMENT = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';

const record = (body: object, headers = operator) =>
  app.inject({ method: 'POST', url: '/v1/intake/meetings', headers, payload: body });

describe('village meetings', () => {
  it('records a meeting, attaches its minutes once, and ties an imported musdes list to it', async () => {
    const created = await record(MEETING);
    expect(created.statusCode).toBe(201);
    const meeting = created.json();
    expect(meeting).toMatchObject({ ...MEETING, regionCode: '52.02.01.2012', documents: [], proposals: [] });

    const attach = (kind: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/intake/meetings/${meeting.meetingId}/documents`,
        headers: operator,
        payload: { documentId: DOCUMENT, kind },
      });
    expect((await attach('berita_acara')).statusCode).toBe(201);
    expect((await attach('berita_acara')).statusCode).toBe(200);
    expect((await attach('daftar_hadir')).statusCode).toBe(409);

    const text = readFileSync(join(samples, 'bnba-musdes.csv'), 'utf8');
    const form = multipart(
      { channel: 'musdes', meetingId: meeting.meetingId },
      { name: 'bnba.csv', type: 'text/csv', content: text },
    );
    const upload = await app.inject({
      method: 'POST',
      url: '/v1/intake/imports',
      headers: { ...operator, ...form.headers },
      payload: form.payload,
    });
    expect(upload.statusCode).toBe(202);
    expect(upload.json().meetingId).toBe(meeting.meetingId);

    // The import ends first; the meeting's view then fills up to every proposal it created (a read
    // model is eventually consistent, so a view with some of them is not the end).
    const { importId } = upload.json();
    const done = await intake.eventually(async () => {
      const answer = (await app.inject({ url: `/v1/intake/imports/${importId}`, headers: operator })).json();
      return answer.status !== 'processing' && answer;
    }, 'the import');
    expect(done.status).toBe('completed');
    const proposalsCreated: number = done.progress.proposalsCreated;
    expect(proposalsCreated).toBeGreaterThan(0);
    const view = await intake.eventually(async () => {
      const answer = (await app.inject({ url: `/v1/intake/meetings/${meeting.meetingId}`, headers: operator })).json();
      return answer.proposals.length === proposalsCreated && answer;
    }, 'the meeting’s proposals');
    expect(new Set(view.proposals.map((p: { proposalId: string }) => p.proposalId)).size).toBe(proposalsCreated);
    expect(view.documents).toEqual([expect.objectContaining({ documentId: DOCUMENT, kind: 'berita_acara' })]);
    const first = view.proposals[0];
    expect(first.rows[0]).toBe(2);
    expect(first.amendedAfterMeeting).toBe(false);

    // The proposal itself names the meeting and its rows.
    const proposal = (await app.inject({ url: `/v1/intake/proposals/${first.proposalId}`, headers: operator })).json();
    expect(proposal.source).toMatchObject({ meetingId: meeting.meetingId, rows: first.rows });

    // The list of the regency's meetings (read model) counts its documents and proposals.
    const list = await intake.eventually(async () => {
      const items = (
        await app.inject({
          url: `/v1/intake/meetings?region=${REGENCY}`,
          headers: await intake.auth('admin_kabkota', REGENCY),
        })
      ).json().items;
      return items.length === 1 && items[0].documents === 1 && items;
    }, 'the meetings list');
    expect(list[0]).toMatchObject({
      meetingId: meeting.meetingId,
      proposals: view.proposals.length,
      number: MEETING.number,
    });
  });

  it('refuses a meeting in the future, another village’s meeting, and a meeting for a non-musdes list', async () => {
    expect((await record({ ...MEETING, date: '2099-01-01' })).json().errors[0]).toMatchObject({
      path: 'date',
      code: 'date.future',
    });
    const other = (await record(MEETING, await intake.auth('operator_desa', OTHER_VILLAGE))).json();
    expect((await app.inject({ url: `/v1/intake/meetings/${other.meetingId}`, headers: operator })).statusCode).toBe(
      404,
    );
    const form = multipart(
      { channel: 'musdes', meetingId: other.meetingId },
      { name: 'x.csv', type: 'text/csv', content: 'a' },
    );
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/intake/imports',
      headers: { ...operator, ...form.headers },
      payload: form.payload,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ path: 'meetingId', code: 'meeting.unknown' });
    const own = (await record(MEETING)).json();
    const rtrw = multipart(
      { channel: 'rtrw', meetingId: own.meetingId },
      { name: 'x.csv', type: 'text/csv', content: 'a' },
    );
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/intake/imports',
      headers: { ...operator, ...rtrw.headers },
      payload: rtrw.payload,
    });
    expect(wrong.json().errors[0]).toMatchObject({ path: 'meetingId', code: 'meeting.musdes_only' });
  });
});

describe('GET /v1/intake/imports/templates/:channel', () => {
  it('downloads the header a musdes list needs, and its column guide', async () => {
    const template = await app.inject({ url: '/v1/intake/imports/templates/musdes', headers: operator });
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toMatch(/^text\/csv/);
    expect(template.headers['content-disposition']).toBe('attachment; filename="templat-musdes.csv"');
    const sampleHeader = readFileSync(join(samples, 'bnba-musdes.csv'), 'utf8').split('\n')[0];
    expect(template.body.trim()).toBe(sampleHeader?.trim());
    const guide = await app.inject({ url: '/v1/intake/imports/templates/adminduk?guide=true', headers: operator });
    expect(guide.body.split('\r\n')[0]).toBe('kolom,wajib,isi');
    expect((await app.inject({ url: '/v1/intake/imports/templates/musdes' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/intake/imports/templates/other', headers: operator })).statusCode).toBe(400);
  });
});
