import { readFile } from 'node:fs/promises';
import type { RecordedEvent } from '@siks/contracts';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMeetingEvent } from '../src/read-model/meeting-links.ts';
import { fixture } from './evidence-fixtures.ts';
import { multipart } from './evidence-multipart.ts';
import { createHarness, NEIGHBOUR, VILLAGE } from './support.ts';

const harness = await createHarness(await useTestDatabase('document_meeting_links'));
const { app, platform } = harness;
const operator = await harness.token('operator_desa', VILLAGE, { sub: 'op-praya' });
afterAll(() => harness.close());

const MEETING = '01950000-0000-7000-8000-00000000aa01';
const P = (n: number) => `01950000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`;
let sequence = 0;

/** An intake event as the relay delivers it (only what the document service reads). */
function intakeEvent(type: string, streamId: string, data: Record<string, unknown>): RecordedEvent {
  sequence += 1;
  return {
    eventId: `01950000-0000-7000-9000-${String(sequence).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId,
    revision: 0,
    logPosition: String(sequence),
    recordedAt: '2025-06-10T00:00:00.000Z',
    hash: '',
    data,
    metadata: {
      occurredAt: '2025-06-10T00:00:00.000Z',
      actor: { userId: 'op-praya', role: 'operator_desa', regionCode: VILLAGE },
      channel: 'musdes',
      correlationId: 'test',
      causationId: null,
    },
  } as unknown as RecordedEvent;
}
const drafted = (proposalId: string, regionCode = VILLAGE) =>
  intakeEvent('ProposalDrafted', `proposal-${proposalId}`, {
    proposalId,
    regionCode,
    source: { importId: MEETING, rows: [2], meetingId: MEETING },
  });
const attached = (documentId: string, kind: string) =>
  intakeEvent('MeetingDocumentAttached', `meeting-${MEETING}`, {
    meetingId: MEETING,
    regionCode: VILLAGE,
    documentId,
    kind,
  });

async function upload(kind: string): Promise<string> {
  const body = multipart([
    { name: 'kind', value: kind },
    { name: 'file', filename: 'x', data: await readFile(fixture('document.pdf')) },
  ]);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: body.payload,
    headers: { ...body.headers, authorization: `Bearer ${operator}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ documentId: string }>().documentId;
}

const linksOf = async (documentId: string): Promise<string[]> =>
  (
    await platform.pool.query<{ proposal: string }>(
      `SELECT data->>'proposalId' AS proposal FROM eventstore.events
        WHERE stream_id = $1 AND type = 'DocumentLinked' ORDER BY position`,
      [`document-${documentId}`],
    )
  ).rows.map((row) => row.proposal);

describe('a village meeting’s documents back every proposal of its list', () => {
  it('links in either order, once, and never across villages or kinds', async () => {
    const deps = { store: platform.store, now: () => new Date('2025-06-10T01:00:00Z') };
    const apply = (event: RecordedEvent) => applyMeetingEvent(deps, platform.pool, event);
    const minutes = await upload('berita_acara');
    const attendance = await upload('daftar_hadir');

    await apply(drafted(P(1)));
    await apply(attached(minutes, 'berita_acara'));
    await apply(drafted(P(2)));
    const late = attached(attendance, 'daftar_hadir');
    await apply(late);
    await apply(late); // redelivered
    await apply(drafted(P(3), NEIGHBOUR)); // another village's proposal naming the meeting
    await apply(attached(minutes, 'daftar_hadir')); // a wrong kind for this document

    expect(await linksOf(minutes)).toEqual([P(1), P(2)]);
    expect(await linksOf(attendance)).toEqual([P(1), P(2)]);

    // The proposal's document list now holds both, linked by the operator whose event caused it.
    const listed = await app.inject({
      url: `/v1/documents?proposalId=${P(2)}`,
      headers: { authorization: `Bearer ${operator}` },
    });
    await harness.startWorkers();
    await expect
      .poll(
        async () =>
          (
            await app.inject({
              url: `/v1/documents?proposalId=${P(2)}`,
              headers: { authorization: `Bearer ${operator}` },
            })
          )
            .json<{ items: { kind: string }[] }>()
            .items.map((item) => item.kind)
            .sort(),
        { timeout: 20_000, interval: 50 },
      )
      .toEqual(['berita_acara', 'daftar_hadir']);
    expect(listed.statusCode).toBe(200);
    const linkedBy = await platform.pool.query<{ by: string; actor: string }>(
      `SELECT data->>'linkedBy' AS by, metadata->'actor'->>'userId' AS actor FROM eventstore.events
        WHERE type = 'DocumentLinked' LIMIT 1`,
    );
    expect(linkedBy.rows[0]).toEqual({ by: 'op-praya', actor: 'document-service' });
  });
});
