import { ProposalDraftedData, uuidv7, type RecordedEvent } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { applySetRun, SetRun, setEventOf } from '../src/inputs/proposals-set.ts';
import { migrations } from '../src/migrations.ts';
import { family, metadata, nikFor, sealHousehold, type HouseholdInput } from './support.ts';

/**
 * Drafts and submissions taken in set-based (`applySetRun`): a new draft becomes a row with its
 * content's household, KK and people; a draft of a proposal already known replaces them.
 */
const url = await useTestDatabase('verification_proposals_set');
const platform = await createTestPlatform(url, 'verification');
await migrate(platform.pool, [migrations]);
afterAll(() => platform.close());

const village = '52.02.01.1001';
const actor = { userId: 'op-1', role: 'operator_desa' as const, regionCode: village };
let revision = 0;

function recorded(type: string, proposalId: string, data: object): RecordedEvent {
  return {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    data: data as Record<string, unknown>,
    metadata: metadata(actor),
    streamId: `proposal-${proposalId}`,
    revision: revision++,
    logPosition: `1:${revision}`,
    recordedAt: new Date().toISOString(),
    hash: '00',
  };
}

async function drafted(proposalId: string, input: HouseholdInput): Promise<RecordedEvent> {
  const household = await sealHousehold(platform, `proposal:${proposalId}`, input);
  const data = ProposalDraftedData.parse({
    proposalId,
    proposalType: 'new_household',
    regionCode: village,
    channel: 'operator',
    createdBy: actor,
    content: { type: 'new_household', household },
  });
  return recorded('ProposalDrafted', proposalId, data);
}

async function apply(events: RecordedEvent[]): Promise<void> {
  const run = new SetRun();
  for (const event of events) {
    const item = setEventOf(event);
    if (!item || !run.accepts(item)) throw new Error('the test run should be one set run');
    run.add(item);
  }
  await applySetRun(platform.pool, run);
}

async function stored(proposalId: string) {
  const { rows } = await platform.pool.query<{
    status: string;
    kk_index: string | null;
    members: number;
    region_code: string;
  }>(
    `SELECT status, kk_index, region_code, jsonb_array_length(content -> 'household' -> 'members') AS members
       FROM verification.proposals WHERE proposal_id = $1`,
    [proposalId],
  );
  const people = await platform.pool.query<{ nik_index: string }>(
    'SELECT nik_index FROM verification.proposal_people WHERE proposal_id = $1 ORDER BY nik_index',
    [proposalId],
  );
  return { row: rows[0], people: people.rows.map((row) => row.nik_index) };
}

const nikIndexes = (input: HouseholdInput): string[] =>
  input.members.map((person) => platform.keyring.blindIndex('nik', person.nik)).sort();

describe('drafts and submissions applied set-based', () => {
  it('stores a new draft with its KK and people, and its submission', async () => {
    const id = uuidv7();
    const input = family(village, { kkNumber: '5202010101250001' });
    await apply([await drafted(id, input), recorded('ProposalSubmitted', id, { proposalId: id, window: 'additions' })]);
    const { row, people } = await stored(id);
    expect(row).toEqual({
      status: 'submitted',
      kk_index: platform.keyring.blindIndex('kk', '5202010101250001'),
      region_code: village,
      members: input.members.length,
    });
    expect(people).toEqual(nikIndexes(input));
  });

  it('gives a proposal drafted again the new content, KK and people, and keeps its status', async () => {
    const id = uuidv7();
    const first = family(village, { kkNumber: '5202010101250002' });
    await apply([await drafted(id, first)]);
    const second = family(village, { kkNumber: '5202010101250003' });
    second.members.push({
      nik: nikFor('2010-01-20', 'male', 9001),
      name: 'Anak Uji',
      birthDate: '2010-01-20',
      sex: 'male',
      relationship: 'anak',
    });
    await apply([await drafted(id, second)]);
    const { row, people } = await stored(id);
    expect(row).toEqual({
      status: 'draft',
      kk_index: platform.keyring.blindIndex('kk', '5202010101250003'),
      region_code: village,
      members: 3,
    });
    expect(people).toEqual(nikIndexes(second));
    expect(people).not.toEqual(nikIndexes(first));
  });
});
