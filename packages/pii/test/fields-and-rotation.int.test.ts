/**
 * Values are bound to their subject and field (AAD), old values sealed without a field still
 * open, files are sealed per subject, and a master-key rotation re-wraps every live key so the
 * values sealed before it open under the new key alone.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unwrapDataKey } from '../src/crypto.ts';
import { createKeyring, PiiIntegrityError, rewrapSubjectKeys, type Sealed } from '../src/index.ts';
import { newKey, usePiiDatabase } from './helpers.ts';

const pool = await usePiiDatabase();
const blindIndexKey = newKey();
const masterKey = newKey();

describe('fields bound into the AAD', () => {
  const keyring = createKeyring({ pool, masterKey, blindIndexKey, cacheSize: 0 });

  it('opens a value as its own field and refuses it as another or moved to another field', async () => {
    const sealed = await keyring.seal('person:a', { name: 'Baiq Rohani' }, 'member');
    expect(sealed).toMatchObject({ $sealed: 2, sub: 'person:a', f: 'member' });
    expect(await keyring.open(sealed, 'member')).toEqual({ name: 'Baiq Rohani' });
    await expect(keyring.open(sealed, 'household')).rejects.toMatchObject({ reason: 'field_mismatch' });
    // Relabelled: the AAD no longer matches.
    await expect(keyring.open({ ...sealed, f: 'household' })).rejects.toBeInstanceOf(PiiIntegrityError);
    // Moved to another subject: refused as before.
    await keyring.seal('person:b', 1);
    await expect(keyring.open({ ...sealed, sub: 'person:b' })).rejects.toBeInstanceOf(PiiIntegrityError);
  });

  it('still opens a version-1 value (AAD with the subject only)', async () => {
    await keyring.seal('person:old', 'creates the key');
    const v1 = await legacySeal('person:old', { legacy: true });
    expect(await keyring.open(v1, 'member')).toEqual({ legacy: true });
  });

  it('seals files per subject; forgetting the subject makes them unreadable', async () => {
    const photo = randomBytes(4096);
    const sealed = await keyring.sealBytes('document:x', 'blob', photo);
    expect(sealed.includes(photo.subarray(0, 64))).toBe(false);
    expect((await keyring.openBytes('document:x', 'blob', sealed))?.equals(photo)).toBe(true);
    await expect(keyring.openBytes('document:y', 'blob', sealed)).rejects.toBeInstanceOf(PiiIntegrityError);
    await expect(keyring.openBytes('document:x', 'scan', sealed)).rejects.toBeInstanceOf(PiiIntegrityError);
    // A file stored before sealing (no header) is read as it is.
    expect((await keyring.openBytes('document:x', 'blob', photo))?.equals(photo)).toBe(true);
    await keyring.forget('document:x');
    expect(await keyring.openBytes('document:x', 'blob', sealed)).toBeUndefined();
  });
});

describe('master-key rotation', () => {
  it('re-wraps every live key under the new version; old values open with the new key only', async () => {
    const oldKey = masterKey;
    const before = createKeyring({ pool, masterKey: oldKey, blindIndexKey, cacheSize: 0 });
    const values = await Promise.all(['r1', 'r2', 'r3'].map((s) => before.seal(`rot:${s}`, { s }, 'member')));
    await before.forget('rot:r3');
    const newMaster = newKey();
    // During the rotation a service knows both keys.
    const during = createKeyring({
      pool,
      masterKey: newMaster,
      masterKeyVersion: 2,
      previousMasterKeys: new Map([[1, oldKey]]),
      blindIndexKey,
      cacheSize: 0,
    });
    expect(await during.open(values[0]!)).toEqual({ s: 'r1' });
    const result = await rewrapSubjectKeys({
      pool,
      masterKeys: new Map([
        [1, oldKey],
        [2, newMaster],
      ]),
      toVersion: 2,
      batchSize: 1,
    });
    expect(result.rewrapped).toBeGreaterThanOrEqual(2);
    expect(result.forgotten).toBeGreaterThanOrEqual(1);
    const after = createKeyring({ pool, masterKey: newMaster, masterKeyVersion: 2, blindIndexKey, cacheSize: 0 });
    expect(await after.open(values[0]!)).toEqual({ s: 'r1' });
    expect(await after.open(values[1]!)).toEqual({ s: 'r2' });
    expect(await after.open(values[2]!)).toBeUndefined();
    const again = await rewrapSubjectKeys({ pool, masterKeys: new Map([[2, newMaster]]), toVersion: 2 });
    expect(again.rewrapped).toBe(0);
  });
});

/** A version-1 value of `subjectId` (AAD with the subject only), as the keyring wrote before fields were bound. */
async function legacySeal(subjectId: string, value: unknown): Promise<Sealed> {
  const { rows } = await pool.query<{ wrapped_key: Buffer; key_version: number }>(
    'SELECT wrapped_key, key_version FROM pii.subject_keys WHERE subject_id = $1',
    [subjectId],
  );
  const row = rows[0]!;
  const dataKey = unwrapDataKey(masterKey, row.key_version, subjectId, row.wrapped_key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(`siks.pii.value.v1\u0000${subjectId}`));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()]);
  return {
    $sealed: 1,
    sub: subjectId,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}
