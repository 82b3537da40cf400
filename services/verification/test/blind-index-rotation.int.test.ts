/**
 * Duplicate-NIK and duplicate-KK checks through a blind-index key rotation (docs/security.md "How
 * to rotate keys"): a household registered under key A is still seen as the duplicate of a
 * proposal drafted after the switch to B with A as the previous key, because the proposal carries
 * the person's index as the log knows it. Drafted under B alone before any re-index (the previous
 * key dropped too early), the same proposal would carry a new index and the duplicate would pass
 * unseen: the control case below.
 */
import { randomBytes } from 'node:crypto';
import type { CheckOutcome } from '@siks/contracts';
import { createKeyring, type Keyring } from '@siks/pii';
import { swappable } from '@siks/testing';
import { describe, expect, it } from 'vitest';
import { eventually, family, registerHousehold, startHarness, submitNewHousehold } from './support.ts';

const masterKey = randomBytes(32);
const [keyA, keyB] = [randomBytes(32), randomBytes(32)] as [Buffer, Buffer];
/** The keyring the services use; swapped below as a restart with new settings would. */
const keyring = swappable<Keyring>();
const h = await startHarness('verification_rotation', {
  keys: { masterKey, blindIndexKey: keyA },
  adapt: (platform) => {
    keyring.set(platform.keyring);
    return { ...platform, keyring: keyring.proxy };
  },
});
const { app, platform } = h;
const useKeys = (blindIndexKey: Buffer, previousBlindIndexKey?: Buffer) => {
  keyring.set(createKeyring({ pool: platform.pool, masterKey, blindIndexKey, previousBlindIndexKey }));
};
const verifikator = await h.token('verifikator_kabkota', '52.02');
const village = '52.02.01.1001';

/** The results of the duplicate checks once the case has them. */
async function duplicateResults(proposalId: string): Promise<Record<string, string>> {
  return eventually(async () => {
    const response = await app.inject({
      url: `/v1/verification/cases/${proposalId}`,
      headers: { authorization: `Bearer ${verifikator}` },
    });
    expect(response.statusCode).toBe(200);
    const results = (response.json().checks?.results ?? []) as CheckOutcome[];
    const wanted = results.filter((r) => r.check === 'duplicate_nik' || r.check === 'duplicate_kk');
    expect(wanted).toHaveLength(2);
    return Object.fromEntries(wanted.map((r) => [r.check, r.result]));
  });
}

/** A household registered under the keys in force, and a proposal naming its head and KK again. */
async function registeredAndAgain(kkNumber: string, switchTo: () => void) {
  const registered = family('52.02.01.1002', { kkNumber });
  await registerHousehold(platform, registered);
  switchTo();
  const proposal = family(village, { kkNumber });
  proposal.members[0] = { ...registered.members[0]! };
  return submitNewHousehold(platform, proposal);
}

describe('duplicate checks through a blind-index key rotation', () => {
  it('see a household registered under A from a proposal drafted under B with A previous', async () => {
    useKeys(keyA);
    const proposalId = await registeredAndAgain('5202011503190001', () => useKeys(keyB, keyA));
    expect(await duplicateResults(proposalId)).toEqual({ duplicate_nik: 'fail', duplicate_kk: 'fail' });
  });

  it('(control) would not, had the previous key been dropped before the re-index', async () => {
    useKeys(keyA);
    const proposalId = await registeredAndAgain('5202011503190002', () => useKeys(keyB));
    expect(await duplicateResults(proposalId)).toEqual({ duplicate_nik: 'pass', duplicate_kk: 'pass' });
  });
});
