/**
 * Rotating the blind-index key (docs/security.md "How to rotate keys") as intake lives through it:
 * proposals drafted under key A; the keyring switched to B with A as the previous key (what a
 * restart with new settings does); `reindexBlindIndexes` (what `pnpm siks pii reindex` runs); then
 * B alone. Throughout, a person keeps the index the log first gave them, so a new proposal naming
 * them carries the same index as the old one (what verification's duplicate-NIK checks and the
 * registry compare) and a request to forget them finds every proposal. A person forgotten before
 * the re-index is not re-indexed: under B alone no one finds them.
 */
import { randomBytes } from 'node:crypto';
import { createKeyring, reindexBlindIndexes, type Keyring } from '@siks/pii';
import type { Platform } from '@siks/platform';
import { swappable } from '@siks/testing';
import { describe, expect, it } from 'vitest';
import { REGENCY, startIntake, uniqueHousehold, VILLAGE } from './support.ts';

const masterKey = randomBytes(32);
const keyA = randomBytes(32);
const keyB = randomBytes(32);
/** The keyring the services use; swapped below as a restart with new settings would. */
const keyring = swappable<Keyring>();
let current: Keyring | undefined;
const intake = await startIntake(
  {},
  {
    keys: { masterKey, blindIndexKey: keyA },
    adapt: (platform: Platform) => {
      keyring.set((current = platform.keyring));
      return { ...platform, keyring: keyring.proxy };
    },
  },
);
const { app, platform } = intake;
const useKeys = (blindIndexKey: Buffer, previousBlindIndexKey?: Buffer) => {
  keyring.set((current = createKeyring({ pool: platform.pool, masterKey, blindIndexKey, previousBlindIndexKey })));
};
const operator = await intake.auth();

/** Drafts a household; answers the NIK indexes its members carry in the log. */
async function draft(
  household: ReturnType<typeof uniqueHousehold>,
): Promise<{ proposalId: string; indexes: string[] }> {
  const answer = await app.inject({
    method: 'POST',
    url: '/v1/intake/proposals',
    headers: operator,
    payload: { proposal: { type: 'new_household', household } },
  });
  expect(answer.statusCode, answer.body).toBe(201);
  const { proposalId } = answer.json<{ proposalId: string }>();
  const [event] = await platform.store.readStream(`proposal-${proposalId}`, { maxCount: 1 });
  const data = event?.data as { content: { household: { kkIndex: string; members: { nikIndex: string }[] } } };
  await intake.eventually(async () => {
    const { rows } = await platform.pool.query('SELECT 1 FROM intake.proposal_people WHERE proposal_id = $1', [
      proposalId,
    ]);
    return rows.length === household.members.length;
  }, 'the people of the proposal');
  return {
    proposalId,
    indexes: [data.content.household.kkIndex, ...data.content.household.members.map((m) => m.nikIndex)],
  };
}

const forget = (nik: string, role: 'admin_kabkota' | 'pusdatin' = 'admin_kabkota') =>
  intake.auth(role, role === 'pusdatin' ? '' : REGENCY).then((headers) =>
    app.inject({
      method: 'POST',
      url: '/v1/intake/persons/forget',
      headers,
      payload: { nik, reason: 'Permintaan penghapusan data oleh yang bersangkutan' },
    }),
  );

const reindex = () =>
  reindexBlindIndexes({
    pool: platform.pool,
    open: (sealed) => platform.keyring.open(sealed),
    key: keyB,
    readPage: (after, maxCount) =>
      platform.store.readAllPage({ after, maxCount, streamPrefixes: ['proposal-', 'popref-', 'complaint-'] }),
    batchSize: 2,
  });

const first = uniqueHousehold(61);
const forgotten = uniqueHousehold(62);
const newcomer = uniqueHousehold(63);

describe('a blind-index key rotation seen from intake', () => {
  it('keeps every person under the index the log gave them, through the switch, the re-index and the drop', async () => {
    const before = await draft(first);
    const gone = await draft(forgotten);
    expect(before.indexes[1]).toBe(platform.keyring.blindIndex('nik', first.members[0]!.nik));

    // Services restarted with B, A as the previous key.
    useKeys(keyB, keyA);
    // A new proposal naming the first household's wife: her index is the one the log knows
    // (verification's duplicate-NIK check compares exactly these), as is the shared KK number.
    const wife = first.members[1]!;
    const again = await draft(uniqueHousehold(64, { members: [{ ...wife, relationship: 'kepala_keluarga' }] }));
    expect(again.indexes[1]).toBe(before.indexes[2]);
    expect(again.indexes[0]).toBe(before.indexes[0]);
    // A person first seen now also gets the form of the previous key, and keeps it.
    const fresh = await draft(newcomer);
    expect(fresh.indexes[1]).not.toBe(current!.blindIndex('nik', newcomer.members[0]!.nik));
    // Looked up by NIK during the transition: found (the forget request finds the household).
    const erased = await forget(forgotten.members[0]!.nik);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({ proposals: 1, households: 1 });
    expect(gone.indexes).toHaveLength(4);

    const result = await reindex();
    expect(result.aliases).toBeGreaterThan(0);
    expect(result.unreadable).toBeGreaterThan(0); // the forgotten head's blocks and household
    const rerun = await reindex();
    expect(rerun.aliases).toBe(result.aliases); // nothing new: the cursor had reached the end

    // The previous key is dropped: B alone.
    useKeys(keyB);
    const later = await draft(uniqueHousehold(65, { members: [{ ...first.members[0]!, name: 'Lalu Ahmad' }] }));
    expect(later.indexes[1]).toBe(before.indexes[1]);
    expect((await draft(uniqueHousehold(66, { members: [newcomer.members[0]!] }))).indexes[1]).toBe(fresh.indexes[1]);
    // The wife is found by NIK with B alone: both proposals naming her.
    const wifeForgotten = await forget(wife.nik);
    expect(wifeForgotten.statusCode, wifeForgotten.body).toBe(200);
    expect(wifeForgotten.json()).toMatchObject({ proposals: 2 });
    // The person forgotten before the re-index is found by no one under B.
    expect((await forget(forgotten.members[0]!.nik)).statusCode).toBe(404);
    const [forgottenUnderB] = await platform.keyring.identityIndexes('nik', [forgotten.members[0]!.nik]);
    expect(forgottenUnderB).not.toBe(gone.indexes[1]);
    const aliases = await platform.pool.query('SELECT 1 FROM pii.blind_index_aliases WHERE canonical = ANY($1)', [
      [gone.indexes[1], again.indexes[1]],
    ]);
    expect(aliases.rows).toHaveLength(0); // neither the one forgotten before nor the wife, forgotten after
  });

  it('never shows a NIK in the aliases or the progress it keeps', async () => {
    const { rows } = await platform.pool.query<{ row: string }>(
      `SELECT a::text AS row FROM pii.blind_index_aliases a UNION ALL SELECT r::text FROM pii.blind_index_reindex r`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const person of [...first.members, ...newcomer.members])
      expect(rows.map((r) => r.row).join('\n')).not.toContain(person.nik);
  });
});

export { VILLAGE };
