import { uuidv7 } from '@siks/contracts';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryConflicts } from '../src/inputs/matches.ts';
import { migrations } from '../src/migrations.ts';

const url = await useTestDatabase('verification_matches');
const pool = createPool({ url, max: 2, applicationName: 'verification-matches-test' });
afterAll(() => pool.end());

const household = uuidv7();
const otherHousehold = uuidv7();
const ids = {
  asker: uuidv7(),
  sameHousehold: uuidv7(),
  samePerson: uuidv7(),
  both: uuidv7(),
  rejectedSameHousehold: uuidv7(),
  unrelated: uuidv7(),
  secondAsker: uuidv7(),
};

async function proposal(
  id: string,
  status: string,
  householdId: string | null,
  subjects: string[] = [],
): Promise<void> {
  await pool.query(
    `INSERT INTO verification.proposals (proposal_id, region_code, proposal_type, channel, status, household_id, content, updated_at)
     VALUES ($1, '5202010001', 'update', 'operator', $2, $3, '{}', now())`,
    [id, status, householdId],
  );
  for (const nik of subjects) {
    await pool.query(
      `INSERT INTO verification.proposal_people (proposal_id, nik_index, role) VALUES ($1, $2, 'subject')`,
      [id, nik],
    );
  }
}

beforeAll(async () => {
  await migrate(pool, [migrations]);
  await proposal(ids.asker, 'submitted', household, ['nik-a']);
  await proposal(ids.sameHousehold, 'submitted', household);
  await proposal(ids.samePerson, 'verified', otherHousehold, ['nik-a']);
  await proposal(ids.both, 'returned', household, ['nik-a']);
  await proposal(ids.rejectedSameHousehold, 'rejected', household, ['nik-a']);
  await proposal(ids.unrelated, 'submitted', otherHousehold, ['nik-z']);
  await proposal(ids.secondAsker, 'submitted', null, ['nik-z']);
});

describe('queryConflicts', () => {
  it('finds the pending proposals on the same household or about the same person, per asker', async () => {
    const found = await queryConflicts(pool, [
      { proposalId: ids.asker, householdId: household, subjectIndexes: ['nik-a'] },
      { proposalId: ids.secondAsker, householdId: undefined, subjectIndexes: ['nik-z'] },
      { proposalId: uuidv7(), householdId: undefined, subjectIndexes: [] },
    ]);
    const byId = <T extends { proposalId: string }>(list: readonly T[]): T[] =>
      [...list].sort((a, b) => a.proposalId.localeCompare(b.proposalId));
    expect(byId(found.get(ids.asker) ?? [])).toEqual(
      byId([
        { proposalId: ids.sameHousehold, regionCode: '5202010001', on: 'household' },
        { proposalId: ids.samePerson, regionCode: '5202010001', on: 'person' },
        { proposalId: ids.both, regionCode: '5202010001', on: 'household' },
      ]),
    );
    expect(found.get(ids.secondAsker)).toEqual([{ proposalId: ids.unrelated, regionCode: '5202010001', on: 'person' }]);
    expect([...found.values()].filter((list) => list.length === 0)).toHaveLength(1);
  });
});
