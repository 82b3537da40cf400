import { ProposalEventSchemas, Topics, uuidv7, type ContentRecord } from '@siks/contracts';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendProposal,
  approvedProposal,
  household,
  member,
  nik,
  operatorOf,
  sealHousehold,
  VILLAGE_A,
  VILLAGE_B,
} from './fixtures.ts';
import { eventually, startHarness, type Harness } from './harness.ts';

const url = await useTestDatabase('registry');
const ANSWER_MS = 150;
let h: Harness;
beforeAll(async () => {
  h = await startHarness(url, {
    REGISTRY_PUBLIC_STATUS_PER_MINUTE: '6',
    REGISTRY_PUBLIC_STATUS_ANSWER_MS: String(ANSWER_MS),
  });
});
afterAll(() => h.close());

const RECIPIENT = nik(501, true);
const APPLICANT = nik(502);
let client = 0;
/** A check from its own address (each test's requests stay under the per-address limit). */
const check = (body: object, remoteAddress = `10.1.0.${(client += 1)}`) =>
  h.app.inject({ method: 'POST', url: '/v1/registry/public/status', payload: body, remoteAddress });

async function content(proposalId: string, serial: number, name: string, village = VILLAGE_A): Promise<ContentRecord> {
  const person = member(nik(serial, serial === 501), { relationship: 'kepala_keluarga', name });
  return {
    type: 'new_household',
    household: await sealHousehold(h.platform.keyring, proposalId, household(village, [person])),
  };
}

async function stageOf(proposalId: string): Promise<string | undefined> {
  const { rows } = await h.platform.pool.query<{ stage: string }>(
    'SELECT stage FROM registry.public_proposals WHERE proposal_id = $1',
    [proposalId],
  );
  return rows[0]?.stage;
}

let pendingId = '';
beforeAll(async () => {
  // A registered household (approved proposal) and a proposal still with the district.
  const registered = approvedProposal({
    type: 'new_household',
    regionCode: VILLAGE_A,
    content: await content(uuidv7(), 501, 'Hj. Siti Aminah, S.Pd.'),
  });
  await appendProposal(h.platform.store, registered);
  expect((await h.applied(registered.proposalId)).outcome).toBe('applied');
  await h.readModelCaughtUp();
  pendingId = uuidv7();
  const pending = approvedProposal({
    proposalId: pendingId,
    type: 'new_household',
    regionCode: VILLAGE_A,
    content: await content(pendingId, 502, 'Lalu Ahmad'),
  });
  await appendProposal(h.platform.store, { ...pending, events: pending.events.slice(0, -1) });
  await eventually(async () => ((await stageOf(registered.proposalId)) === 'approved' ? true : undefined));
  await eventually(async () => ((await stageOf(pendingId)) === 'submitted' ? true : undefined));
});

describe('POST /v1/registry/public/status', () => {
  it('answers a citizen without an account: in the registry, with the stage of the proposal', async () => {
    const response = await check({ nik: RECIPIENT, name: '  siti   AMINAH ', villageCode: VILLAGE_A });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ villageCode: VILLAGE_A, registry: 'active' });
    expect(body.proposals).toEqual([{ stage: 'approved', updatedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
    // Nothing personal beyond what was asked: no ids, names, NIKs or household data.
    expect(Object.keys(body).sort()).toEqual(['proposals', 'registry', 'villageCode']);
    expect(response.body).not.toMatch(/Aminah|5202|[0-9a-f]{8}-[0-9a-f]{4}/i);
  });

  it('follows a pending proposal through the district’s decisions', async () => {
    const ask = { nik: APPLICANT, name: 'LALU AHMAD', villageCode: VILLAGE_A };
    expect((await check(ask)).json()).toMatchObject({ registry: 'not_found', proposals: [{ stage: 'submitted' }] });
    // Verification's completed checks move it on (its topic, not intake's).
    const now = new Date().toISOString();
    await h.platform.bus.publish(Topics.verificationCases, [
      {
        key: pendingId,
        value: JSON.stringify({
          eventId: uuidv7(),
          type: 'ChecksCompleted',
          schemaVersion: 1,
          data: { proposalId: pendingId, round: 1, trigger: 'submitted', results: [] },
          metadata: {
            actor: { userId: 'verification', role: 'system', regionCode: '' },
            channel: 'system',
            occurredAt: now,
            correlationId: pendingId,
            causationId: null,
          },
          streamId: `case-${pendingId}`,
          revision: 0,
          logPosition: '1:1',
          recordedAt: now,
          hash: '00',
        }),
      },
    ]);
    await eventually(async () => ((await stageOf(pendingId)) === 'in_verification' ? true : undefined));
    expect((await check(ask)).json().proposals).toEqual([{ stage: 'in_verification', updatedOn: expect.any(String) }]);
    const operator = operatorOf(VILLAGE_A);
    await h.platform.store.append(
      `proposal-${pendingId}`,
      [
        {
          eventId: uuidv7(),
          type: 'ProposalReturned',
          schemaVersion: 1,
          data: ProposalEventSchemas.ProposalReturned.data.parse({
            proposalId: pendingId,
            reason: 'foto rumah kurang jelas',
            verificationCaseId: `case-${pendingId}`,
            fields: [],
          }),
          metadata: {
            actor: { userId: 'ver', role: 'verifikator_kabkota', regionCode: '52.02' },
            channel: 'operator',
            occurredAt: new Date().toISOString(),
            correlationId: operator.userId,
            causationId: null,
          },
        },
      ],
      'any',
    );
    await eventually(async () => ((await stageOf(pendingId)) === 'returned' ? true : undefined));
    expect((await check(ask)).json().proposals).toEqual([{ stage: 'returned', updatedOn: expect.any(String) }]);
  });

  it('answers a wrong name, an unknown NIK and another village alike, never sooner than its floor', async () => {
    const answers = [];
    for (const body of [
      { nik: RECIPIENT, name: 'Siti Aminah Z', villageCode: VILLAGE_A },
      { nik: nik(999), name: 'Siti Aminah', villageCode: VILLAGE_A },
      { nik: RECIPIENT, name: 'Siti Aminah', villageCode: VILLAGE_B },
    ]) {
      const started = performance.now();
      const response = await check(body);
      answers.push({ status: response.statusCode, body: response.body, tookMs: performance.now() - started });
    }
    const [wrongName, unknown, elsewhere] = answers;
    expect(wrongName!.status).toBe(200);
    expect(wrongName!.body).toBe(unknown!.body);
    expect(JSON.parse(elsewhere!.body)).toEqual({ villageCode: VILLAGE_B, registry: 'not_found', proposals: [] });
    for (const answer of answers) expect(answer.tookMs).toBeGreaterThanOrEqual(ANSWER_MS - 1);
  });

  it('refuses malformed input without echoing it', async () => {
    const short = await check({ nik: '52020112', name: 'Siti', villageCode: VILLAGE_A });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toMatchObject([{ path: 'nik' }]);
    expect(short.body).not.toContain('52020112');
    const nameless = await check({ nik: RECIPIENT, name: '   ', villageCode: VILLAGE_A });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().errors).toMatchObject([{ path: 'name' }]);
    expect(nameless.body).not.toContain(RECIPIENT);
    const extra = await check({ nik: RECIPIENT, name: 'Siti', villageCode: VILLAGE_A, birthDate: '1980-01-01' });
    expect(extra.statusCode).toBe(400);
  });

  it('limits each client address and leaves the others alone', async () => {
    const ask = { nik: nik(998), name: 'Siapa Saja', villageCode: VILLAGE_A };
    // One after another: @fastify/rate-limit's local store hands concurrent requests one shared
    // counter object, so a burst sent at once may be refused as a whole.
    const flood = [];
    for (let i = 0; i < 8; i += 1) flood.push(await check(ask, '192.0.2.50'));
    expect(flood.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const limited = flood.find((response) => response.statusCode === 429)!;
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect((await check(ask, '192.0.2.51')).statusCode).toBe(200);
  });

  it('records every check as an access event that holds no NIK or name', async () => {
    const { rows } = await h.platform.pool.query<{ data: Record<string, unknown>; metadata: Record<string, unknown> }>(
      `SELECT data, metadata FROM eventstore.events WHERE type = 'PublicStatusChecked'`,
    );
    // Every 200 above: 1 + 3 + 3 + 6 + 1.
    expect(rows.length).toBe(14);
    const text = JSON.stringify(rows);
    for (const secret of [RECIPIENT, APPLICANT, 'Aminah', 'Lalu Ahmad']) expect(text).not.toContain(secret);
    expect(rows.filter((row) => row.data['matched'] === true).length).toBe(4);
    expect(rows[0]!.metadata).toMatchObject({ actor: { userId: 'public', role: 'system' } });
  });
});
