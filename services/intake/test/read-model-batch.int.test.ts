import { defaultWindowConfig, uuidv7, type RecordedEvent } from '@siks/contracts';
import type { PoolClient, Queryable } from '@siks/pg';
import { describe, expect, it } from 'vitest';
import { applyCaseOutcome } from '../src/proposals/outcomes.ts';
import { projectEvents, rowChangeOf } from '../src/proposals/projection.ts';
import { proposalStream } from '../src/proposals/repository.ts';
import { IN_WINDOW, newHouseholdBody, REGENCY, startIntake, VILLAGE } from './support.ts';

const intake = await startIntake();
const { app, platform } = intake;
const operator = await intake.auth();
const log = { warn: () => undefined };

/** Before the additions window (15th–22nd) of June 2025: submissions are deferred. */
const BEFORE_WINDOW = new Date('2025-06-10T02:00:00Z');
let seconds = 0;
/** Every step a second later, so a wrong `updated_at` shows. */
const step = (base = IN_WINDOW): void => {
  seconds += 1;
  intake.setNow(new Date(base.getTime() + seconds * 1000));
};

async function create(n: number, submit = false, base = IN_WINDOW): Promise<string> {
  step(base);
  const response = await app.inject({
    method: 'POST',
    url: '/v1/intake/proposals',
    headers: operator,
    payload: newHouseholdBody(n, submit ? { submit: true } : {}),
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ proposalId: string }>().proposalId;
}

async function command(id: string, action: 'submit' | 'withdraw' | 'amend'): Promise<void> {
  step();
  const revision = await platform.store.streamRevision(proposalStream(id));
  const headers = { ...operator, 'if-match': `"${revision}"` };
  const response =
    action === 'amend'
      ? await app.inject({
          method: 'PATCH',
          url: `/v1/intake/proposals/${id}`,
          headers,
          payload: { reason: 'salah ketik RT', set: { 'household.address.rt': String(100 + seconds) } },
        })
      : await app.inject({
          method: 'POST',
          url: `/v1/intake/proposals/${id}/${action}`,
          headers,
          payload: action === 'withdraw' ? { reason: 'pindah' } : {},
        });
  expect(response.statusCode, response.body).toBe(200);
}

/** A verification decision applied as the outcome consumer applies it. */
async function decide(id: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
  step();
  const now = new Date(IN_WINDOW.getTime() + seconds * 1000);
  const event: RecordedEvent = {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    data: { proposalId: id, ...data },
    metadata: {
      actor: { userId: 'ver-1', role: 'verifikator_kabkota', regionCode: REGENCY },
      channel: 'system',
      occurredAt: now.toISOString(),
      correlationId: `case-${id}`,
      causationId: null,
    },
    streamId: `case-${id}`,
    revision: 0,
    logPosition: '1:1',
    recordedAt: now.toISOString(),
    hash: '00',
  };
  const deps = { store: platform.store, sealer: platform.keyring, windows: defaultWindowConfig, clock: () => now, log };
  await applyCaseOutcome(deps, event);
}

async function complain(): Promise<void> {
  step();
  const response = await app.inject({
    method: 'POST',
    url: '/v1/intake/complaints',
    payload: { regionCode: VILLAGE, category: 'missing_household', description: 'Keluarga miskin belum terdata.' },
    remoteAddress: `10.0.1.${seconds}`,
  });
  expect(response.statusCode).toBe(202);
}

type Rows = { proposals: unknown[]; complaints: unknown[] };

async function readModel(client: Queryable): Promise<Rows> {
  const proposals = await client.query<{ row: unknown }>(
    'SELECT to_jsonb(p) AS row FROM intake.proposals p ORDER BY proposal_id',
  );
  const complaints = await client.query<{ row: unknown }>(
    'SELECT to_jsonb(c) AS row FROM intake.complaints c ORDER BY complaint_id',
  );
  return { proposals: proposals.rows.map((r) => r.row), complaints: complaints.rows.map((r) => r.row) };
}

/** The read model that `apply` makes from empty tables (in a transaction rolled back after). */
async function projected(apply: (client: PoolClient) => Promise<void>): Promise<Rows> {
  const client = await platform.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('TRUNCATE intake.proposals, intake.complaints');
    await apply(client);
    return await readModel(client);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

/** The statements the projection ran event by event before it applied batches set-based (the reference). */
async function projectAsBefore(event: RecordedEvent, client: PoolClient): Promise<void> {
  if (event.type === 'ComplaintReceived') {
    const data = event.data as { complaintId: string; regionCode: string; category: string; trackingIndex?: string };
    await client.query(
      `INSERT INTO intake.complaints (complaint_id, region_code, category, status, received_at, stage_at, tracking_index)
       VALUES ($1, $2, $3, 'open', $4, $4, $5) ON CONFLICT (complaint_id) DO NOTHING`,
      [data.complaintId, data.regionCode, data.category, event.metadata.occurredAt, data.trackingIndex ?? null],
    );
    return;
  }
  const parsed = await rowChangeOf(event, platform.keyring);
  if (!parsed) return;
  const { proposalId, change } = parsed;
  const at = event.metadata.occurredAt;
  switch (change.type) {
    case 'drafted': {
      const r = change.row;
      await client.query(
        `INSERT INTO intake.proposals (proposal_id, region_code, proposal_type, channel, status, revision,
           created_by, created_role, created_at, updated_at, client_id, import_id, member_count, head_nik_masked,
           head_personal)
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (proposal_id) DO NOTHING`,
        [
          r.proposalId,
          r.regionCode,
          r.proposalType,
          r.channel,
          r.revision,
          r.createdBy,
          r.createdRole,
          at,
          r.clientId,
          r.importId,
          r.memberCount,
          r.headNikMasked,
          r.headPersonal === null ? null : JSON.stringify(r.headPersonal),
        ],
      );
      return;
    }
    case 'amended':
      await client.query(
        `UPDATE intake.proposals SET revision = $2, updated_at = $3, amendments = amendments + 1,
           status = CASE WHEN status = 'returned' THEN 'corrected' ELSE status END,
           member_count = $4, head_nik_masked = $5, head_personal = $6
         WHERE proposal_id = $1 AND revision < $2`,
        [
          proposalId,
          event.revision,
          at,
          change.memberCount,
          change.headNikMasked,
          change.headPersonal === null ? null : JSON.stringify(change.headPersonal),
        ],
      );
      return;
    case 'deferred':
      await client.query(
        `UPDATE intake.proposals SET revision = $2, updated_at = $3, deferred_until = $4
         WHERE proposal_id = $1 AND revision < $2`,
        [proposalId, event.revision, at, change.until],
      );
      return;
    case 'status':
      await client.query(
        `UPDATE intake.proposals SET revision = $2, updated_at = $3, status = $4,
           deferred_until = CASE WHEN $4 IN ('submitted', 'withdrawn') THEN NULL ELSE deferred_until END
         WHERE proposal_id = $1 AND revision < $2`,
        [proposalId, event.revision, at, change.status],
      );
  }
}

describe('the read model of a mixed batch', () => {
  it('is, projected in one call, exactly what projecting the events one at a time makes', async () => {
    const a = await create(3001);
    const b = await create(3002, true);
    const c = await create(3003);
    await command(a, 'amend');
    const d = await create(3004, true);
    await command(a, 'submit');
    await complain();
    await command(c, 'withdraw');
    const e = await create(3005, true, BEFORE_WINDOW); // deferred, then submitted
    const f = await create(3006, true, BEFORE_WINDOW); // deferred, then withdrawn
    await command(e, 'submit');
    await decide(b, 'CaseReturned', { reason: 'Foto rumah tidak jelas', fields: ['household.location'] });
    await command(b, 'amend');
    await command(f, 'withdraw');
    await command(b, 'submit');
    await decide(d, 'CaseVerified');
    await complain();
    await decide(d, 'CaseApproved');
    await decide(a, 'CaseRejected', { reason: 'Keluarga mampu' });

    const events = await platform.store.readAll({ streamPrefixes: ['proposal-', 'complaint-'] });
    expect(events).toHaveLength(23);
    const live = await intake.eventually(async () => {
      const rows = await readModel(platform.pool);
      const revisions = new Map(rows.proposals.map((row) => [(row as Record<string, unknown>)['proposal_id'], row]));
      const caughtUp = events.every(
        (event) =>
          !event.streamId.startsWith('proposal-') ||
          Number((revisions.get(event.streamId.slice('proposal-'.length)) as { revision?: number })?.revision) >=
            event.revision,
      );
      return caughtUp && rows.complaints.length === 2 ? rows : undefined;
    }, 'the live read model to catch up');

    const batch = await projected((client) => projectEvents(events, client, platform.keyring));
    const oneByOne = await projected(async (client) => {
      for (const event of events) await projectEvents([event], client, platform.keyring);
    });
    const asBefore = await projected(async (client) => {
      for (const event of events) await projectAsBefore(event, client);
    });
    const inThrees = await projected(async (client) => {
      for (let i = 0; i < events.length; i += 3) await projectEvents(events.slice(i, i + 3), client, platform.keyring);
    });
    const twice = await projected(async (client) => {
      await projectEvents(events, client, platform.keyring);
      await projectEvents(events, client, platform.keyring);
    });

    expect(batch).toEqual(asBefore);
    expect(oneByOne).toEqual(asBefore);
    expect(inThrees).toEqual(asBefore);
    expect(twice).toEqual(asBefore);
    expect(live).toEqual(asBefore);

    // The reference is not trivially empty: every kind of change is in it.
    const byId = new Map(batch.proposals.map((row) => [(row as { proposal_id: string }).proposal_id, row]));
    expect(batch.proposals).toHaveLength(6);
    expect(batch.complaints).toHaveLength(2);
    expect(byId.get(a)).toMatchObject({ status: 'rejected', revision: 3, amendments: 1 });
    expect(byId.get(b)).toMatchObject({ status: 'submitted', revision: 4, amendments: 1 });
    expect(byId.get(c)).toMatchObject({ status: 'withdrawn', revision: 1 });
    expect(byId.get(d)).toMatchObject({ status: 'approved', revision: 3, member_count: 3 });
    expect(byId.get(e)).toMatchObject({ status: 'submitted', revision: 2, deferred_until: null });
    expect(byId.get(f)).toMatchObject({ status: 'withdrawn', revision: 2, deferred_until: null });
    const deferred = await projected((client) =>
      projectEvents(
        events.filter((event) => event.streamId === proposalStream(e) && event.revision <= 1),
        client,
        platform.keyring,
      ),
    );
    expect(deferred.proposals).toMatchObject([{ status: 'draft', deferred_until: '2025-06-15' }]);
    const lastOfB = events.filter((event) => event.streamId === proposalStream(b)).at(-1);
    expect(Date.parse((byId.get(b) as { updated_at: string }).updated_at)).toBe(
      Date.parse(lastOfB?.metadata.occurredAt ?? ''),
    );
  });
});
