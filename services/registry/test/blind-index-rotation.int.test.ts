/**
 * The registry's NIK look-ups (`/v1/registry/lookup`, `/v1/registry/nik-check`) through a
 * blind-index key rotation (docs/security.md "How to rotate keys"): a household registered under
 * key A is found after the switch to B with A as the previous key, not with B alone before the
 * re-index, and with B alone after it.
 */
import { randomBytes } from 'node:crypto';
import { deterministicId, type ContentRecord } from '@siks/contracts';
import { createKeyring, reindexBlindIndexes, type Keyring } from '@siks/pii';
import { swappable } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { appendProposal, approvedProposal, household, member, nik, sealHousehold, VILLAGE_A } from './fixtures.ts';
import { startHarness } from './harness.ts';

const masterKey = randomBytes(32);
const [keyA, keyB] = [randomBytes(32), randomBytes(32)] as [Buffer, Buffer];
/** The keyring the services use; swapped below as a restart with new settings would. */
const keyring = swappable<Keyring>();
const url = await useTestDatabase('registry_rotation');
const h = await startHarness(
  url,
  {},
  {
    keys: { masterKey, blindIndexKey: keyA },
    adapt: (platform) => {
      keyring.set(platform.keyring);
      return { ...platform, keyring: keyring.proxy };
    },
  },
);
afterAll(() => h.close());
const useKeys = (blindIndexKey: Buffer, previousBlindIndexKey?: Buffer) => {
  keyring.set(createKeyring({ pool: h.platform.pool, masterKey, blindIndexKey, previousBlindIndexKey }));
};

const proposalId = deterministicId('rotation-test', 'household');
const members = [member(nik(501), { relationship: 'kepala_keluarga' }), member(nik(502), { relationship: 'anak' })];
const content: ContentRecord = {
  type: 'new_household',
  household: await sealHousehold(h.platform.keyring, proposalId, household(VILLAGE_A, members)),
};
await appendProposal(
  h.platform.store,
  approvedProposal({ proposalId, type: 'new_household', regionCode: VILLAGE_A, content }),
);
expect((await h.applied(proposalId)).outcome).toBe('applied');
await h.readModelCaughtUp();
const householdId = deterministicId(proposalId, 'household');
const operator = { authorization: `Bearer ${await h.token('operator_desa', VILLAGE_A, 'op-rotation')}` };

const lookup = async (value: string) => {
  const answer = await h.app.inject({
    method: 'POST',
    url: '/v1/registry/lookup',
    headers: operator,
    payload: { nik: value },
  });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json<{ found: boolean; households: { householdId: string }[] }>();
};
const nikCheck = async (value: string) =>
  (
    await h.app.inject({ method: 'POST', url: '/v1/registry/nik-check', headers: operator, payload: { nik: value } })
  ).json<{ registered: boolean }>();

describe('registry look-ups through a blind-index key rotation', () => {
  it('finds the household under A, under B with A previous, not under B alone before the re-index', async () => {
    expect(await lookup(nik(502))).toMatchObject({ found: true, households: [{ householdId }] });
    useKeys(keyB, keyA);
    expect(await lookup(nik(502))).toMatchObject({ found: true, households: [{ householdId }] });
    expect(await nikCheck(nik(501))).toEqual({ registered: true, inScope: true });
    useKeys(keyB);
    expect(await lookup(nik(502))).toMatchObject({ found: false });
  });

  it('finds it with B alone after the re-index', async () => {
    useKeys(keyB, keyA); // back to the transition: the services run with both while it re-indexes
    const result = await reindexBlindIndexes({
      pool: h.platform.pool,
      open: (sealed) => h.platform.keyring.open(sealed),
      key: keyB,
      readPage: (after, maxCount) => h.platform.store.readAllPage({ after, maxCount, streamPrefixes: ['proposal-'] }),
    });
    expect(result.aliases).toBe(3); // two NIKs and the KK
    useKeys(keyB); // restarted without the previous key
    expect(await lookup(nik(502))).toMatchObject({ found: true, households: [{ householdId }] });
    expect(await nikCheck(nik(501))).toEqual({ registered: true, inScope: true });
    expect(await nikCheck(nik(503))).toEqual({ registered: false, inScope: false });
  });
});
