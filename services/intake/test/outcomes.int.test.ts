import { defaultWindowConfig, Topics, type RecordedEvent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { applyCaseOutcomes } from '../src/proposals/outcomes.ts';
import { proposalStream } from '../src/proposals/repository.ts';
import { OUTCOME_CONSUMER } from '../src/workers.ts';
import { caseEvent, newHouseholdBody, startIntake } from './support.ts';

const intake = await startIntake();
const { app, platform } = intake;
const operator = await intake.auth();

async function submitted(n: number): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/intake/proposals',
    headers: operator,
    payload: newHouseholdBody(n, { submit: true }),
  });
  expect(response.json()).toMatchObject({ status: 'submitted' });
  return response.json<{ proposalId: string }>().proposalId;
}

const publish = (events: readonly RecordedEvent[]) =>
  platform.bus.publish(
    Topics.verificationCases,
    events.map((event) => ({ key: event.streamId.slice('case-'.length), value: JSON.stringify(event) })),
  );

/** Waits until the outcome consumer has marked every one of these events processed. */
const consumed = (events: readonly RecordedEvent[]) =>
  intake.eventually(async () => {
    const { rows } = await platform.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM bus.inbox WHERE consumer = $1 AND event_id = ANY($2::text[])',
      [OUTCOME_CONSUMER, events.map((event) => event.eventId)],
    );
    return Number(rows[0]?.n) === events.length;
  }, 'the outcome consumer to process the batch');

const streamOf = async (proposalId: string) =>
  (await platform.store.readStream(proposalStream(proposalId))).map((event) => ({
    type: event.type,
    eventId: event.eventId,
    causationId: event.metadata.causationId,
  }));

describe('the consumer of verification outcomes', () => {
  it('skips what does not concern a proposal and applies each decision once, in order, also when delivered again', async () => {
    const returnedId = await submitted(3101);
    const approvedId = await submitted(3102);
    const untouchedId = await submitted(3103);
    const returned = caseEvent(returnedId, 'CaseReturned', { reason: 'Foto rumah tidak jelas', fields: [] });
    const verified = caseEvent(approvedId, 'CaseVerified');
    const approved = caseEvent(approvedId, 'CaseApproved', { batchId: 'b-1' });
    const batch = [
      caseEvent(returnedId, 'CaseOpened'),
      caseEvent(approvedId, 'CaseOpened'),
      caseEvent(untouchedId, 'CaseOpened'),
      caseEvent(returnedId, 'ChecksCompleted', { results: [] }),
      verified,
      caseEvent(untouchedId, 'FieldValidationOrdered'),
      returned,
      caseEvent(approvedId, 'ChecksCompleted', { results: [] }),
      approved,
      { ...caseEvent(untouchedId, 'CaseVerified'), data: {}, streamId: 'case-not-a-proposal' },
    ];
    await publish(batch);
    await consumed(batch);

    const afterFirst = { returned: await streamOf(returnedId), approved: await streamOf(approvedId) };
    expect(afterFirst.returned.map((event) => event.type)).toEqual([
      'ProposalDrafted',
      'ProposalSubmitted',
      'ProposalReturned',
    ]);
    expect(afterFirst.returned[2]?.causationId).toBe(returned.eventId);
    expect(afterFirst.approved.map((event) => [event.type, event.causationId])).toEqual([
      ['ProposalDrafted', null],
      ['ProposalSubmitted', null],
      ['ProposalVerified', verified.eventId],
      ['ProposalApproved', approved.eventId],
    ]);
    expect((await streamOf(untouchedId)).map((event) => event.type)).toEqual(['ProposalDrafted', 'ProposalSubmitted']);

    // Delivered again (the inbox knows the events), then a marker behind them on each key.
    const markers = [returnedId, approvedId, untouchedId].map((id) => caseEvent(id, 'ChecksCompleted'));
    await publish([...batch, ...markers]);
    await consumed(markers);
    // Applied again without the inbox (a batch that failed after its appends): the ids derived
    // from the case events append nothing twice.
    const deps = {
      store: platform.store,
      sealer: platform.keyring,
      windows: defaultWindowConfig,
      clock: () => new Date(),
      log: { warn: () => undefined },
    };
    expect(await applyCaseOutcomes(deps, batch)).toBe(3);
    expect(await streamOf(returnedId)).toEqual(afterFirst.returned);
    expect(await streamOf(approvedId)).toEqual(afterFirst.approved);
    expect((await streamOf(untouchedId)).map((event) => event.type)).toEqual(['ProposalDrafted', 'ProposalSubmitted']);
  });

  it("carries an approval's duplicate resolution onto ProposalApproved, for the registry to apply", async () => {
    const proposalId = await submitted(3104);
    const resolution = { kind: 'move_members', reason: 'Anggota pindah ke KK yang baru' };
    const batch = [
      caseEvent(proposalId, 'CaseVerified'),
      caseEvent(proposalId, 'CaseApproved', { batchId: 'b-2', resolution }),
    ];
    await publish(batch);
    await consumed(batch);
    const stream = await platform.store.readStream(proposalStream(proposalId));
    expect(stream.at(-1)).toMatchObject({
      type: 'ProposalApproved',
      data: { proposalId, resolution },
      metadata: { causationId: batch[1]!.eventId },
    });
  });
});
