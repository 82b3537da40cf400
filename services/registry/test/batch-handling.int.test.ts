import {
  deterministicId,
  Topics,
  uuidv7,
  type ContentRecord,
  type NewEvent,
  type RecordedEvent,
} from '@siks/contracts';
import { relayMessage } from '@siks/bus';
import { migrate, withTransaction } from '@siks/pg';
import { createTestPlatform, type Platform } from '@siks/platform';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProposalBatchHandler } from '../src/applying/handle-batch.ts';
import { PROPOSAL_CONSUMER, startProposalConsumer } from '../src/applying/handler.ts';
import { migrations } from '../src/migrations.ts';
import { appendProposal, approvedProposal, household, member, nik, sealHousehold, VILLAGE_A } from './fixtures.ts';
import { eventually } from './harness.ts';

const platforms: Platform[] = [];
async function platformOn(prefix: string): Promise<Platform> {
  const platform = await createTestPlatform(await useTestDatabase(prefix), prefix);
  await migrate(platform.pool, [migrations]);
  platforms.push(platform);
  return platform;
}
afterAll(() => Promise.all(platforms.map((platform) => platform.close())));

/** A clock that ticks one second per reading: equal sequences of readings give equal instants. */
const tickingClock = () => {
  let ticks = 0;
  return () => new Date(Date.UTC(2025, 5, 30) + 1000 * ticks++);
};

const X = deterministicId('batch-test', 'x'); // drafted, amended twice and approved in the batch
const W = deterministicId('batch-test', 'w'); // drafted before the batch; amended and approved in it
const Y = deterministicId('batch-test', 'y'); // drafted and amended in the batch
const Z = deterministicId('batch-test', 'z'); // drafted in the batch

let earlier: NewEvent[]; // W's draft, handled in a batch of its own first
let batch: NewEvent[];
let sealer: Platform;

async function content(proposalId: string, serial: number, programmes: ('PKH' | 'BPNT' | 'PBI_JK')[]) {
  const data = household(VILLAGE_A, [member(nik(serial), { relationship: 'kepala_keluarga' })], { programmes });
  return {
    type: 'new_household',
    household: await sealHousehold(sealer.keyring, proposalId, data),
  } satisfies ContentRecord;
}

/** Another amendment after `amendment`, carrying `next` as the whole content. */
const amendedAgain = (amendment: NewEvent, next: ContentRecord): NewEvent => ({
  ...amendment,
  eventId: uuidv7(),
  data: { ...amendment.data, content: next },
});

beforeAll(async () => {
  sealer = await platformOn('registry_batch_keys');
  const x = approvedProposal({
    proposalId: X,
    type: 'new_household',
    regionCode: VILLAGE_A,
    content: await content(X, 1, ['PKH']),
    amendedContent: await content(X, 1, ['PKH', 'BPNT']),
  });
  const [xDraft, xAmend1, xSubmit, xApprove] = x.events as [NewEvent, NewEvent, NewEvent, NewEvent];
  const xAmend2 = amendedAgain(xAmend1, await content(X, 1, ['PBI_JK']));
  const w = approvedProposal({
    proposalId: W,
    type: 'new_household',
    regionCode: VILLAGE_A,
    content: await content(W, 2, ['PKH']),
    amendedContent: await content(W, 2, ['BPNT']),
  });
  const [wDraft, wAmend, , wApprove] = w.events as [NewEvent, NewEvent, NewEvent, NewEvent];
  const y = approvedProposal({
    proposalId: Y,
    type: 'new_household',
    regionCode: VILLAGE_A,
    content: await content(Y, 3, ['PKH']),
    amendedContent: await content(Y, 3, ['PBI_JK']),
  });
  const [yDraft, yAmend] = y.events as [NewEvent, NewEvent];
  const z = approvedProposal({
    proposalId: Z,
    type: 'new_household',
    regionCode: VILLAGE_A,
    content: await content(Z, 4, ['PKH']),
  });
  const [zDraft] = z.events as [NewEvent];
  earlier = [wDraft];
  // Log order of the batch; W's draft comes again at its end (a redelivered draft changes nothing).
  batch = [xDraft, yDraft, xAmend1, wAmend, xAmend2, zDraft, xSubmit, xApprove, wApprove, yAmend, wDraft];
});

/** Appends each event once to its proposal's stream, in log order; returns them as recorded. */
async function record(platform: Platform, events: readonly NewEvent[]): Promise<RecordedEvent[]> {
  const streams = new Map<string, Map<string, NewEvent>>();
  for (const event of events) {
    const proposalId = (event.data as { proposalId: string }).proposalId;
    const stream = streams.get(proposalId) ?? new Map<string, NewEvent>();
    streams.set(proposalId, stream.set(event.eventId, event));
  }
  const recorded = new Map<string, RecordedEvent>();
  for (const [proposalId, stream] of streams) {
    await appendProposal(platform.store, { proposalId, events: [...stream.values()] });
    for (const event of await platform.store.readStream(`proposal-${proposalId}`)) recorded.set(event.eventId, event);
  }
  return events.map((event) => recorded.get(event.eventId)!);
}

/** Everything the consumer leaves behind: contents, outcomes and the household streams. */
async function snapshot(platform: Platform) {
  const query = async (sql: string) => (await platform.pool.query(sql)).rows;
  return {
    contents: await query('SELECT * FROM registry.proposal_contents ORDER BY proposal_id'),
    applications: await query('SELECT * FROM registry.applications ORDER BY proposal_id'),
    households: await query(
      `SELECT stream_id, revision, event_id, type, data, metadata FROM eventstore.events
       WHERE stream_id LIKE 'household-%' ORDER BY stream_id, revision`,
    ),
  };
}

const programmesOf = (row: { content: { household: { programmes: string[] } } }) => row.content.household.programmes;

describe('the proposal consumer handling a whole batch', () => {
  it('ends as handling its events one by one would, amendments in order', async () => {
    const one = await platformOn('registry_batch_one');
    const whole = await platformOn('registry_batch_whole');
    const oneEvents = await record(one, [...earlier, ...batch]);
    const wholeEvents = await record(whole, [...earlier, ...batch]);

    const handleOne = createProposalBatchHandler({ store: one.store, now: tickingClock() });
    for (const event of oneEvents) await withTransaction(one.pool, (client) => handleOne([event], client));
    const handleWhole = createProposalBatchHandler({ store: whole.store, now: tickingClock() });
    await withTransaction(whole.pool, (client) => handleWhole(wholeEvents.slice(0, earlier.length), client));
    await withTransaction(whole.pool, (client) => handleWhole(wholeEvents.slice(earlier.length), client));

    const expected = await snapshot(one);
    expect(await snapshot(whole)).toEqual(expected);

    // And that end state is the right one: the last amendment won, and the approvals saw it.
    const contents = new Map(expected.contents.map((row) => [row.proposal_id, row]));
    expect(contents.size).toBe(4);
    expect(programmesOf(contents.get(X))).toEqual(['PBI_JK']);
    expect(contents.get(X).content_event_id).toBe(batch[4]!.eventId);
    expect(programmesOf(contents.get(W))).toEqual(['BPNT']);
    expect(programmesOf(contents.get(Y))).toEqual(['PBI_JK']);
    expect(programmesOf(contents.get(Z))).toEqual(['PKH']);
    expect(expected.applications.map((row) => [row.proposal_id, row.outcome])).toEqual(
      [
        [X, 'applied'],
        [W, 'applied'],
      ].sort(([a], [b]) => a!.localeCompare(b!)),
    );
    const registered = new Map(expected.households.map((row) => [row.data.householdId, row.data]));
    expect(registered.get(deterministicId(X, 'household'))?.household.programmes).toEqual(['PBI_JK']);
    expect(registered.get(deterministicId(W, 'household'))?.household.programmes).toEqual(['BPNT']);
    expect(expected.households).toHaveLength(2);
  });

  it('changes nothing when the bus delivers the same events again', async () => {
    const platform = await platformOn('registry_batch_redelivery');
    const events = await record(platform, [...earlier, ...batch]);
    const messages = events.map((event) => relayMessage(event, ['proposal-']));
    const consumer = await startProposalConsumer({
      store: platform.store,
      bus: platform.bus,
      pool: platform.pool,
      now: tickingClock(), // a second handling would write later instants
    });
    try {
      const caughtUp = () =>
        eventually(async () => {
          const lag = await platform.bus.lag(PROPOSAL_CONSUMER, [Topics.intakeProposals]);
          return lag.every((partition) => partition.lag === 0) ? true : undefined;
        });
      await platform.bus.publish(Topics.intakeProposals, messages);
      await caughtUp();
      const first = await snapshot(platform);
      expect(first.applications).toHaveLength(2);
      expect(first.contents).toHaveLength(4);

      await platform.bus.publish(Topics.intakeProposals, messages);
      await caughtUp();
      expect(await snapshot(platform)).toEqual(first);
      const { rows } = await platform.pool.query('SELECT count(*)::int AS n FROM bus.inbox WHERE consumer = $1', [
        PROPOSAL_CONSUMER,
      ]);
      expect(rows[0].n).toBe(new Set(events.map((event) => event.eventId)).size);
    } finally {
      await consumer.stop();
    }
  });
});
