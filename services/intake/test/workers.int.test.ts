import { defaultWindowConfig, deterministicId } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { proposalStream } from '../src/proposals/repository.ts';
import { submitDueProposals } from '../src/workers/deferred-submissions.ts';
import { sweepIdempotencyKeys } from '../src/workers/idempotency-sweep.ts';
import { IN_WINDOW, newHouseholdBody, startIntake } from './support.ts';

const intake = await startIntake();
const { app, platform } = intake;
const operator = await intake.auth();
const log = { warn: () => undefined };

/** Before the additions window (15th–22nd) of June 2025, 10:00 WITA. */
const BEFORE_WINDOW = new Date('2025-06-10T02:00:00Z');

describe('deferred submissions', () => {
  it('submits a deferred draft once its window opens, once, with an id derived from the deferral', async () => {
    intake.setNow(BEFORE_WINDOW);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/intake/proposals',
      headers: operator,
      payload: newHouseholdBody(2101, { submit: true }),
    });
    expect(created.json()).toMatchObject({ status: 'draft', deferredUntil: '2025-06-15' });
    const { proposalId } = created.json<{ proposalId: string }>();
    await intake.eventually(async () => {
      const { rows } = await platform.pool.query(
        'SELECT 1 FROM intake.proposals WHERE proposal_id = $1 AND deferred_until IS NOT NULL',
        [proposalId],
      );
      return rows.length > 0;
    }, 'the read model to show the deferral');

    let now = new Date('2025-06-14T15:00:00Z'); // the 14th, 23:00 WITA: still closed
    const deps = { pool: platform.pool, store: platform.store, sealer: platform.keyring, log };
    const run = () => submitDueProposals({ ...deps, windows: defaultWindowConfig, clock: () => now });
    expect(await run()).toBe(0);
    expect(await platform.store.streamRevision(proposalStream(proposalId))).toBe(1);

    now = new Date('2025-06-14T16:30:00Z'); // the 15th, 00:30 WITA: open
    expect(await run()).toBe(1);
    const events = await platform.store.readStream(proposalStream(proposalId));
    expect(events.map((event) => event.type)).toEqual([
      'ProposalDrafted',
      'ProposalSubmissionDeferred',
      'ProposalSubmitted',
    ]);
    const [, deferral, submitted] = events;
    expect(submitted?.eventId).toBe(deterministicId(deferral?.eventId ?? '', 'intake.deferred-submit:0'));
    expect(submitted?.metadata).toMatchObject({ channel: 'system', causationId: deferral?.eventId });
    expect(submitted?.data).toMatchObject({ window: 'additions' });

    // The read model may still show the deferral: a second run appends nothing.
    expect(await run()).toBe(0);
    expect(await platform.store.streamRevision(proposalStream(proposalId))).toBe(2);
    await intake.eventually(async () => {
      const { rows } = await platform.pool.query<{ status: string }>(
        'SELECT status FROM intake.proposals WHERE proposal_id = $1',
        [proposalId],
      );
      return rows[0]?.status === 'submitted';
    }, 'the read model to show the submission');
    intake.setNow(IN_WINDOW);
  });
});

describe('Idempotency-Key expiry', () => {
  it('forgets an answer after 24 hours: the sweep deletes it and the key answers afresh', async () => {
    const day0 = new Date('2025-06-17T02:00:00Z');
    intake.setNow(day0);
    const key = { 'idempotency-key': 'expiring-key-1' };
    const send = (n: number) =>
      app.inject({
        method: 'POST',
        url: '/v1/intake/proposals',
        headers: { ...operator, ...key },
        payload: newHouseholdBody(n),
      });
    const first = await send(2201);
    expect(first.statusCode).toBe(201);
    const replay = await send(2201);
    expect(replay.headers['idempotency-replayed']).toBe('true');
    const reused = await send(2202);
    expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused' });

    const rows = async () =>
      Number(
        (
          await platform.pool.query<{ n: string }>(
            "SELECT count(*) AS n FROM intake.idempotency WHERE key = 'expiring-key-1'",
          )
        ).rows[0]?.n,
      );
    expect(await sweepIdempotencyKeys(platform.pool, () => new Date(day0.getTime() + 23 * 3_600_000))).toBe(0);
    expect(await rows()).toBe(1);

    // 25 hours later the stored answer no longer counts, even before the sweep…
    const later = new Date(day0.getTime() + 25 * 3_600_000);
    intake.setNow(later);
    const afterExpiry = await send(2201);
    expect(afterExpiry.statusCode).toBe(201);
    expect(afterExpiry.headers['idempotency-replayed']).toBeUndefined();
    expect(afterExpiry.json()).toMatchObject({ proposalId: first.json<{ proposalId: string }>().proposalId });
    // …and the answer saved now replaced it; the sweep deletes only expired ones.
    expect(await sweepIdempotencyKeys(platform.pool, () => later)).toBe(0);
    expect(await sweepIdempotencyKeys(platform.pool, () => new Date(later.getTime() + 25 * 3_600_000))).toBe(1);
    expect(await rows()).toBe(0);
    intake.setNow(IN_WINDOW);
  });
});
