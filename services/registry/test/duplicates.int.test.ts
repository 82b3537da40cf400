import { deterministicId, type ContentRecord, type DuplicateResolution, type NewEvent } from '@siks/contracts';
import { withTransaction } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProposalBatchHandler } from '../src/applying/handle-batch.ts';
import {
  appendProposal,
  approvedProposal,
  household,
  kkOf,
  member,
  nik,
  sealHousehold,
  sealMember,
  VILLAGE_A,
  VILLAGE_B,
  VILLAGE_OTHER_REGENCY,
} from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * Issue 16, "one person registered twice": the registry holds a person (NIK) and a KK in one
 * active household. A proposal registering or adding one held elsewhere is refused, unless
 * its approval says how to resolve it; then the other household changes in the same application.
 */
const url = await useTestDatabase('registry_duplicates');
let h: Harness;
beforeAll(async () => {
  h = await startHarness(url);
});
afterAll(() => h.close());

const people = (serials: number[]) =>
  serials.map((serial, i) =>
    member(nik(serial), { relationship: i === 0 ? 'kepala_keluarga' : 'anak', name: `Warga ${serial}` }),
  );

/** A household of `village` with these members (the first is the head), applied and read by the read model. */
async function registered(village: string, serials: number[]): Promise<string> {
  const { proposalId, outcome } = await newHousehold(village, serials);
  expect(outcome).toBe('applied');
  await h.readModelCaughtUp();
  return deterministicId(proposalId, 'household');
}

async function newHousehold(
  village: string,
  serials: number[],
  options: { kkNumber?: string; resolution?: DuplicateResolution } = {},
) {
  const proposalId = deterministicId('dup', `${village}:${serials.join(',')}:${options.kkNumber ?? ''}`);
  const data = household(village, people(serials), options.kkNumber ? { kkNumber: options.kkNumber } : {});
  const content: ContentRecord = {
    type: 'new_household',
    household: await sealHousehold(h.platform.keyring, proposalId, data),
  };
  const script = approvedProposal({
    proposalId,
    type: 'new_household',
    regionCode: village,
    content,
    ...(options.resolution ? { resolution: options.resolution } : {}),
  });
  await appendProposal(h.platform.store, script);
  return { proposalId, householdId: deterministicId(proposalId, 'household'), ...(await h.applied(proposalId)) };
}

const stream = (householdId: string) => h.platform.store.readStream(`household-${householdId}`);
/** The active households holding this NIK, by the read model. */
async function activeHolders(serial: number): Promise<string[]> {
  await h.readModelCaughtUp();
  const { rows } = await h.platform.pool.query<{ household_id: string }>(
    `SELECT household_id FROM registry.members WHERE nik_index = $1 AND status = 'active' ORDER BY household_id`,
    [h.platform.keyring.blindIndex('nik', nik(serial))],
  );
  return rows.map((row) => row.household_id);
}

/**
 * Delivers the approvals of `scripts` to the registry's batch handler as one batch, in one
 * transaction. Their events are stored where no relay reads them: this call is their only delivery.
 * Returns the delivery of that same batch again (a redelivery).
 */
async function handleAsOneBatch(
  scripts: readonly { proposalId: string; events: readonly NewEvent[] }[],
): Promise<() => Promise<void>> {
  for (const script of scripts) await h.platform.store.append(`batch-${script.proposalId}`, script.events);
  const batch = (
    await Promise.all(scripts.map((script) => h.platform.store.readStream(`batch-${script.proposalId}`)))
  ).flat();
  const handleBatch = createProposalBatchHandler({ store: h.platform.store });
  const deliver = () => withTransaction(h.platform.pool, (client) => handleBatch(batch, client));
  await deliver();
  return deliver;
}

const deactivateOther: DuplicateResolution = { kind: 'deactivate_other', reason: 'KK lama sudah tidak berlaku' };
const moveMembers: DuplicateResolution = { kind: 'move_members', reason: 'Anggota pindah ke KK yang baru' };

describe('one person registered once', () => {
  it('refuses a person or a KK active in another household; nothing changes', async () => {
    const first = await registered(VILLAGE_A, [300, 301]);
    const again = await newHousehold(VILLAGE_B, [302, 301]);
    expect(again).toMatchObject({ outcome: 'not_applied', rule: 'nik_active_elsewhere' });
    const sameKk = await newHousehold(VILLAGE_B, [303], { kkNumber: kkOf(nik(300)) });
    expect(sameKk).toMatchObject({ outcome: 'not_applied', rule: 'kk_active_elsewhere' });
    expect(await h.platform.store.streamRevision(`household-${again.householdId}`)).toBeUndefined();
    expect(await h.platform.store.streamRevision(`household-${sameKk.householdId}`)).toBeUndefined();
    expect((await stream(first)).map((event) => event.type)).toEqual(['HouseholdRegistered']);
    expect(await activeHolders(301)).toEqual([first]);

    // Adding the person to another household is refused the same way.
    const target = await registered(VILLAGE_A, [304]);
    const proposalId = deterministicId('dup', 'add-301');
    const script = approvedProposal({
      proposalId,
      type: 'add_member',
      regionCode: VILLAGE_A,
      content: {
        type: 'add_member',
        householdId: target,
        regionCode: VILLAGE_A,
        members: [await sealMember(h.platform.keyring, member(nik(301)))],
      },
    });
    await appendProposal(h.platform.store, script);
    expect(await h.applied(proposalId)).toMatchObject({ outcome: 'not_applied', rule: 'nik_active_elsewhere' });
    expect(await h.platform.store.streamRevision(`household-${target}`)).toBe(0);
  });

  it('deactivate_other: the other household is deactivated (duplikat), in the same application; once', async () => {
    const first = await registered(VILLAGE_A, [310, 311]);
    const second = await newHousehold(VILLAGE_B, [312, 311], { resolution: deactivateOther });
    expect(second).toMatchObject({ outcome: 'applied', household_ids: [second.householdId, first] });
    const [registration, deactivation] = await stream(first);
    expect(registration?.type).toBe('HouseholdRegistered');
    expect(deactivation).toMatchObject({
      type: 'HouseholdDeactivated',
      data: { householdId: first, reason: 'duplikat', proposalId: second.proposalId, regionCode: VILLAGE_A },
      metadata: { reason: deactivateOther.reason, actor: { role: 'admin_kabkota' } },
    });
    expect(await activeHolders(311)).toEqual([second.householdId]);

    // Delivered again (a crash before the inbox mark): nothing is appended twice.
    const recorded = await h.platform.store.readStream(`proposal-${second.proposalId}`);
    const handleBatch = createProposalBatchHandler({ store: h.platform.store });
    await withTransaction(h.platform.pool, (client) => handleBatch(recorded, client));
    expect(await h.platform.store.streamRevision(`household-${first}`)).toBe(1);
    expect(await h.platform.store.streamRevision(`household-${second.householdId}`)).toBe(0);
    expect(await h.applied(second.proposalId)).toMatchObject({ outcome: 'applied' });
  });

  it('move_members: the person leaves the other household, which stays active with its head', async () => {
    const first = await registered(VILLAGE_A, [320, 321, 322]);
    const second = await newHousehold(VILLAGE_A, [323, 322], { resolution: moveMembers });
    expect(second.outcome).toBe('applied');
    const events = await stream(first);
    expect(events.map((event) => event.type)).toEqual(['HouseholdRegistered', 'MemberRemoved']);
    expect(events[1]).toMatchObject({
      data: { reason: 'duplikat', nikIndex: h.platform.keyring.blindIndex('nik', nik(322)) },
      metadata: { reason: moveMembers.reason },
    });
    expect(await activeHolders(322)).toEqual([second.householdId]);
    expect(await activeHolders(320)).toEqual([first]);

    // Moving the head leaves a household without its head: it is deactivated (duplikat).
    const third = await registered(VILLAGE_A, [330, 331]);
    const fourth = await newHousehold(VILLAGE_A, [330], { resolution: moveMembers });
    expect(fourth.outcome).toBe('applied');
    expect((await stream(third)).map((event) => event.type)).toEqual([
      'HouseholdRegistered',
      'MemberRemoved',
      'HouseholdDeactivated',
    ]);
    expect(await activeHolders(330)).toEqual([fourth.householdId]);
    expect(await activeHolders(331)).toEqual([]);
  });

  it('leaves a duplicate in another regency refused, even with a resolution: that regency must act', async () => {
    const elsewhere = await registered(VILLAGE_OTHER_REGENCY, [340]);
    const here = await newHousehold(VILLAGE_A, [341, 340], { resolution: deactivateOther });
    expect(here).toMatchObject({ outcome: 'not_applied', rule: 'nik_active_elsewhere' });
    expect(await h.platform.store.streamRevision(`household-${elsewhere}`)).toBe(0);
    expect(await h.platform.store.streamRevision(`household-${here.householdId}`)).toBeUndefined();
    expect(await activeHolders(340)).toEqual([elsewhere]);
  });

  it('refuses the second of two approvals of one person in the same batch (the read model has not caught up)', async () => {
    const scripts = [];
    for (const head of [350, 351]) {
      const proposalId = deterministicId('dup', `same-batch-${head}`);
      const data = household(VILLAGE_A, people([head, 352]));
      const content: ContentRecord = {
        type: 'new_household',
        household: await sealHousehold(h.platform.keyring, proposalId, data),
      };
      scripts.push(approvedProposal({ proposalId, type: 'new_household', regionCode: VILLAGE_A, content }));
    }
    await handleAsOneBatch(scripts);
    const [first, second] = scripts.map((script) => script.proposalId);
    expect(await h.applied(first!)).toMatchObject({ outcome: 'applied' });
    expect(await h.applied(second!)).toMatchObject({ outcome: 'not_applied', rule: 'nik_active_elsewhere' });
    expect(await activeHolders(352)).toEqual([deterministicId(first!, 'household')]);
  });

  it('resolves a duplicate an earlier approval of the same batch registered, in one append per household; once', async () => {
    const scripts = [];
    for (const [heads, resolution] of [
      [[360, 361, 362], undefined],
      [[363, 362], moveMembers],
    ] as const) {
      const proposalId = deterministicId('dup', `same-batch-move-${heads[0]}`);
      const content: ContentRecord = {
        type: 'new_household',
        household: await sealHousehold(h.platform.keyring, proposalId, household(VILLAGE_A, people([...heads]))),
      };
      scripts.push(
        approvedProposal({
          proposalId,
          type: 'new_household',
          regionCode: VILLAGE_A,
          content,
          ...(resolution ? { resolution } : {}),
        }),
      );
    }
    const deliverAgain = await handleAsOneBatch(scripts);
    const [first, second] = scripts.map((script) => script.proposalId);
    const firstHousehold = deterministicId(first!, 'household');
    expect(await h.applied(second!)).toMatchObject({ outcome: 'applied' });
    // The first household's registration and the second approval's removal, each caused by its own approval.
    const events = await stream(firstHousehold);
    expect(events.map((event) => event.type)).toEqual(['HouseholdRegistered', 'MemberRemoved']);
    expect(new Set(events.map((event) => event.metadata.causationId)).size).toBe(2);
    expect(await activeHolders(362)).toEqual([deterministicId(second!, 'household')]);

    // Delivered again: every approval finds its events in the store and nothing is appended twice.
    await deliverAgain();
    expect(await h.platform.store.streamRevision(`household-${firstHousehold}`)).toBe(1);
    expect(await h.platform.store.streamRevision(`household-${deterministicId(second!, 'household')}`)).toBe(0);
  });
});
