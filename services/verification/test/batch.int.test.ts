import { caseStreamId, parseCaseEvent, Topics, type CheckOutcome, type RecordedEvent } from '@siks/contracts';
import { relayMessage } from '@siks/bus';
import type { EventStore } from '@siks/eventstore';
import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfigOf } from '../src/config.ts';
import { defaultWindowConfig } from '../src/checks/window.ts';
import { INPUTS_CONSUMER, startInputsConsumer } from '../src/consumers/inputs.ts';
import { migrations } from '../src/migrations.ts';
import { appendToProposal, eventually, family, submitNewHousehold } from './support.ts';

/**
 * The input consumer handles whole batches set-based. A batch that fails after some of its
 * cases were appended (as a crash between the appends and the commit) is delivered again; every
 * event is applied once and every reaction appended once, with the same outcome as one at a time.
 */
const url = await useTestDatabase('verification_batch');
const platform = await createTestPlatform(url, 'verification');
await migrate(platform.pool, [migrations]);
afterAll(() => platform.close());

const village = '52.02.01.1001';
const checks = checkConfigOf({
  GEOTAG_MAX_DISTANCE_M: 200,
  GEOTAG_MAX_AGE_DAYS: 90,
  PROPOSAL_WINDOWS: defaultWindowConfig,
});

/** The store, whose append for `failOn` fails once after the events were written. */
function failingOnce(store: EventStore, failOn: () => string | undefined): EventStore & { failed: boolean } {
  const wrapped = {
    ...store,
    failed: false,
    append: async (...args: Parameters<EventStore['append']>) => {
      const result = await store.append(...args);
      if (!wrapped.failed && args[0] === failOn()) {
        wrapped.failed = true;
        throw new Error('crash after the append, before the commit');
      }
      return result;
    },
  };
  return wrapped;
}

const results = (events: RecordedEvent[]): CheckOutcome[][] =>
  events.flatMap((event) => {
    const parsed = parseCaseEvent(event);
    return parsed?.type === 'ChecksCompleted' ? [parsed.data.results] : [];
  });

describe('the input consumer on batches', () => {
  it('applies a batch redelivered after a failure mid-batch once, each reaction appended once', async () => {
    const households = Array.from({ length: 12 }, () => family(village));
    // Two proposals share a member: each finds the other as a pending duplicate.
    households[5]!.members[1] = { ...households[4]!.members[1]!, relationship: 'istri_suami' };
    const ids: string[] = [];
    for (const household of households) ids.push(await submitNewHousehold(platform, household));
    await appendToProposal(
      platform,
      ids[7]!,
      'ProposalWithdrawn',
      { proposalId: ids[7], reason: 'salah desa' },
      village,
    );
    const events = (await Promise.all(ids.map((id) => platform.store.readStream(`proposal-${id}`)))).flat();
    // All of them at once, so the consumer sees large batches.
    await platform.bus.publish(
      Topics.intakeProposals,
      events.map((event) => relayMessage(event, ['proposal-'])),
    );
    const store = failingOnce(platform.store, () => caseStreamId(ids[3]!));
    const consumer = await startInputsConsumer({
      bus: platform.bus,
      pool: platform.pool,
      deps: { store, opener: platform.keyring, checks, now: () => new Date() },
    });
    try {
      await eventually(async () => {
        const { rows } = await platform.pool.query(
          'SELECT count(*)::int AS n FROM bus.inbox WHERE consumer = $1 AND event_id = ANY($2::text[])',
          [INPUTS_CONSUMER, events.map((event) => event.eventId)],
        );
        expect(rows[0].n).toBe(events.length);
      });
    } finally {
      await consumer.stop();
    }
    expect(store.failed).toBe(true);

    const cases = await Promise.all(ids.map((id) => platform.store.readStream(caseStreamId(id))));
    for (const [index, stream] of cases.entries()) {
      const types = stream.map((event) => event.type);
      if (index === 7) expect(types).toEqual(['CaseOpened', 'ChecksCompleted', 'CaseWithdrawn']);
      else if (index === 4 || index === 5) expect(types.slice(0, 2)).toEqual(['CaseOpened', 'ChecksCompleted']);
      else expect(types).toEqual(['CaseOpened', 'ChecksCompleted']);
      expect(new Set(stream.map((event) => event.eventId)).size).toBe(stream.length);
    }
    // The duplicate is found on both, whichever was consumed first (its latest round).
    for (const index of [4, 5]) {
      const latest = results(cases[index]!).at(-1);
      expect(latest?.find((result) => result.check === 'duplicate_nik')?.result).toBe('fail');
    }
    const { rows } = await platform.pool.query(
      'SELECT event_id, count(*)::int AS n FROM bus.inbox WHERE consumer = $1 GROUP BY event_id HAVING count(*) > 1',
      [INPUTS_CONSUMER],
    );
    expect(rows).toEqual([]);
  });

  it('reads the case when a submission finds it open already (no case assumed new twice)', async () => {
    const proposalId = await submitNewHousehold(platform, family(village));
    const consumer = await startInputsConsumer({
      bus: platform.bus,
      pool: platform.pool,
      deps: { store: platform.store, opener: platform.keyring, checks, now: () => new Date() },
    });
    try {
      const publish = async (events: RecordedEvent[]) => {
        await platform.bus.publish(
          Topics.intakeProposals,
          events.map((event) => relayMessage(event, ['proposal-'])),
        );
        await eventually(async () => {
          const { rows } = await platform.pool.query(
            'SELECT count(*)::int AS n FROM bus.inbox WHERE consumer = $1 AND event_id = ANY($2::text[])',
            [INPUTS_CONSUMER, events.map((event) => event.eventId)],
          );
          expect(rows[0].n).toBe(events.length);
        });
      };
      await publish(await platform.store.readStream(`proposal-${proposalId}`));
      const opened = await platform.store.readStream(caseStreamId(proposalId));
      expect(opened.map((event) => event.type)).toEqual(['CaseOpened', 'ChecksCompleted']);
      // A second submission event (another id) on the open case: nothing changed, so no round.
      const again = await appendToProposal(
        platform,
        proposalId,
        'ProposalSubmitted',
        { proposalId, window: 'additions' },
        village,
      );
      await publish([again]);
      const after = await platform.store.readStream(caseStreamId(proposalId));
      expect(after.map((event) => event.eventId)).toEqual(opened.map((event) => event.eventId));
      const { rows } = await platform.pool.query(`SELECT count(*)::int AS n FROM bus.messages WHERE topic = $1`, [
        `${Topics.intakeProposals}.dlq`,
      ]);
      expect(rows[0].n).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
