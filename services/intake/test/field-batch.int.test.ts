import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { newHouseholdBody, OTHER_VILLAGE, startIntake, uniqueHousehold } from './support.ts';

const intake = await startIntake();
const { app, platform } = intake;
const operator = await intake.auth();

const record = (n: number, clientId: string, extra: Record<string, unknown> = {}) => ({
  clientId,
  capturedAt: '2025-06-16T08:00:00+08:00',
  ...newHouseholdBody(n),
  ...extra,
});

/** Drafted events per client id, straight from the event store. */
async function draftedPerClient(clientIds: readonly string[]): Promise<Record<string, number>> {
  const { rows } = await platform.pool.query<{ client_id: string; count: string }>(
    `SELECT data->>'clientId' AS client_id, count(*) AS count FROM eventstore.events
     WHERE type = 'ProposalDrafted' AND data->>'clientId' = ANY($1) GROUP BY 1`,
    [clientIds],
  );
  return Object.fromEntries(rows.map((row) => [row.client_id, Number(row.count)]));
}

describe('POST /v1/intake/field-batches', () => {
  it('answers per record: one bad record does not sink the others', async () => {
    const bad = record(51, 'dev1-0002');
    (bad.proposal.household.members[0] as { nik: string }).nik = '52020112038000';
    const elsewhere = record(53, 'dev1-0004');
    elsewhere.proposal.household = uniqueHousehold(53, { regionCode: OTHER_VILLAGE });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/intake/field-batches',
      headers: operator,
      payload: {
        deviceId: 'tablet-07',
        records: [
          record(50, 'dev1-0001', { submit: true }),
          bad,
          { clientId: 'dev1-0003', proposal: { type: 'new_household' } },
          elsewhere,
          record(54, 'dev1-0001'),
          record(55, 'dev1-0005'),
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ deviceId: 'tablet-07', accepted: 2, rejected: 4 });
    expect(body.results).toMatchObject([
      { index: 0, clientId: 'dev1-0001', status: 'accepted', proposalStatus: 'submitted', revision: 1 },
      {
        index: 1,
        clientId: 'dev1-0002',
        status: 'rejected',
        errors: [{ path: 'records.1.proposal.household.members.0.nik', code: 'nik.length' }],
      },
      {
        index: 2,
        clientId: 'dev1-0003',
        status: 'rejected',
        errors: [{ path: 'records.2.proposal.household', code: 'required' }],
      },
      {
        index: 3,
        status: 'rejected',
        errors: [{ path: 'records.3.proposal.household.regionCode', code: 'region.out_of_scope' }],
      },
      { index: 4, status: 'rejected', errors: [{ code: 'batch.client_id_repeated' }] },
      { index: 5, clientId: 'dev1-0005', status: 'accepted', proposalStatus: 'draft' },
    ]);
    expect(body.results[1].errors[0].message).toBe('NIK harus terdiri dari 16 digit.');
    expect(await draftedPerClient(['dev1-0001', 'dev1-0002', 'dev1-0003', 'dev1-0004', 'dev1-0005'])).toEqual({
      'dev1-0001': 1,
      'dev1-0005': 1,
    });
  });

  it('refuses more than 500 records and an empty batch as a whole', async () => {
    const tooMany = await app.inject({
      method: 'POST',
      url: '/v1/intake/field-batches',
      headers: operator,
      payload: { deviceId: 'tablet-07', records: Array.from({ length: 501 }, () => ({})) },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors).toMatchObject([{ path: 'records', code: 'too_big_array' }]);
    const empty = await app.inject({
      method: 'POST',
      url: '/v1/intake/field-batches',
      headers: operator,
      payload: { deviceId: 'tablet-07', records: [] },
    });
    expect(empty.statusCode).toBe(400);
  });

  it('sent again after the connection dropped before the answer, creates each household once', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(address);
    const clientIds = Array.from({ length: 20 }, (_, i) => `dev2-${String(i).padStart(4, '0')}`);
    const batch = JSON.stringify({
      deviceId: 'tablet-09',
      records: clientIds.map((clientId, i) => record(100 + i, clientId, { submit: i % 2 === 0 })),
    });
    const rawRequest = Buffer.concat([
      Buffer.from(
        `POST /v1/intake/field-batches HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${operator['authorization']}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(batch)}\r\nConnection: close\r\n\r\n`,
      ),
      Buffer.from(batch),
    ]);

    // 1. The device sends the batch; the server stores it, but the device never reads the answer.
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.write(rawRequest, () => resolve());
    });
    socket.pause(); // reads nothing
    await intake.eventually(async () => {
      const counts = await draftedPerClient(clientIds);
      return clientIds.every((id) => counts[id] === 1);
    }, 'the first delivery to be stored');
    socket.destroy();

    // 2. It sends the same batch again and this time reads the answer.
    const retry = await fetch(`${address}/v1/intake/field-batches`, {
      method: 'POST',
      headers: { authorization: operator['authorization'] as string, 'content-type': 'application/json' },
      body: batch,
    });
    expect(retry.status).toBe(200);
    const answer = (await retry.json()) as {
      accepted: number;
      results: { proposalId: string; proposalStatus: string }[];
    };
    expect(answer.accepted).toBe(20);
    expect(answer.results[0]?.proposalStatus).toBe('submitted');
    expect(answer.results[1]?.proposalStatus).toBe('draft');

    // 3. A third copy races a fourth, both cut off at once: still nothing twice.
    const racing = connect(Number(port), '127.0.0.1');
    racing.write(rawRequest, () => racing.destroy());
    const fourth = await fetch(`${address}/v1/intake/field-batches`, {
      method: 'POST',
      headers: { authorization: operator['authorization'] as string, 'content-type': 'application/json' },
      body: batch,
    });
    expect(((await fourth.json()) as { results: { proposalId: string }[] }).results.map((r) => r.proposalId)).toEqual(
      answer.results.map((r) => r.proposalId),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const counts = await draftedPerClient(clientIds);
    expect(clientIds.map((id) => counts[id])).toEqual(clientIds.map(() => 1));
    const streams = await platform.pool.query(
      `SELECT stream_id, revision FROM eventstore.streams WHERE stream_id = ANY($1)`,
      [answer.results.map((result) => `proposal-${result.proposalId}`)],
    );
    expect(streams.rows).toHaveLength(20);
    expect(streams.rows.every((row: { revision: string }) => Number(row.revision) <= 1)).toBe(true);
  });
});
