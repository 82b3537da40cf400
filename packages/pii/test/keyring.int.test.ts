import { describe, expect, it } from 'vitest';
import { createKeyring, isSealed, PiiIntegrityError, SubjectForgottenError, type Sealed } from '../src/index.ts';
import { newKey, usePiiDatabase } from './helpers.ts';

const pool = await usePiiDatabase();
const masterKey = newKey();
const blindIndexKey = newKey();
const keyring = createKeyring({ pool, masterKey, blindIndexKey });
/** Another process: same keys, its own cache. */
const freshKeyring = () => createKeyring({ pool, masterKey, blindIndexKey });

const integrityReason = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PiiIntegrityError);
  return (error as PiiIntegrityError).reason;
};

describe('keyring', () => {
  it('round-trips JSON values through a JSON-safe sealed object', async () => {
    const values = ['Baiq Nurul Aini', { street: 'Jl. Gajah Mada 7', rt: '003' }, 42, null, ['a', 'ḃ'], true];
    for (const value of values) {
      const sealed = await keyring.seal('subject-a', value);
      const stored = JSON.parse(JSON.stringify(sealed)) as Sealed;
      expect(isSealed(stored)).toBe(true);
      expect(stored.sub).toBe('subject-a');
      expect(JSON.stringify(stored)).not.toContain('Nurul');
      expect(await keyring.open(stored)).toEqual(value);
      expect(await freshKeyring().open(stored)).toEqual(value);
    }
  });

  it('uses a fresh nonce for every seal', async () => {
    const [first, second] = await keyring.sealMany('subject-a', ['same', 'same']);
    expect(first?.iv).not.toBe(second?.iv);
    expect(first?.ct).not.toBe(second?.ct);
  });

  it('creates one key per subject even when writers race', async () => {
    const writers = [freshKeyring(), freshKeyring(), freshKeyring()];
    const sealed = await Promise.all(
      Array.from({ length: 30 }, (_, index) => writers[index % 3]!.seal('subject-race', index)),
    );
    const rows = await pool.query('SELECT count(*)::int AS n FROM pii.subject_keys WHERE subject_id = $1', [
      'subject-race',
    ]);
    expect(rows.rows[0]).toEqual({ n: 1 });
    const reader = freshKeyring();
    expect(await Promise.all(sealed.map((value) => reader.open(value)))).toEqual(
      Array.from({ length: 30 }, (_, index) => index),
    );
  });

  it('fails to open under a wrong master key', async () => {
    const sealed = await keyring.seal('subject-b', 'rahasia');
    const wrong = createKeyring({ pool, masterKey: newKey(), blindIndexKey });
    expect(await integrityReason(wrong.open(sealed))).toBe('key_unwrap_failed');
  });

  it('detects tampered ciphertext, tags, nonces and values moved to another subject', async () => {
    const sealed = await keyring.seal('subject-c', 'Lalu Muhammad');
    await keyring.seal('subject-d', 'other');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    expect(await integrityReason(keyring.open({ ...sealed, ct: flip(sealed.ct) }))).toBe('authentication_failed');
    expect(await integrityReason(keyring.open({ ...sealed, tag: flip(sealed.tag) }))).toBe('authentication_failed');
    expect(await integrityReason(keyring.open({ ...sealed, iv: flip(sealed.iv) }))).toBe('authentication_failed');
    expect(await integrityReason(keyring.open({ ...sealed, sub: 'subject-d' }))).toBe('authentication_failed');
    expect(await integrityReason(keyring.open({ ...sealed, sub: 'nobody' }))).toBe('unknown_subject');
    expect(await integrityReason(keyring.open({ sub: 'subject-c' } as Sealed))).toBe('malformed');
  });

  it('forget shreds one subject and leaves the others readable', async () => {
    const mine = await keyring.sealMany('subject-forget', ['Inaq Sumiati', '1987-04-12']);
    const theirs = await keyring.seal('subject-keep', 'Amaq Rusdi');
    const otherProcess = freshKeyring();
    await keyring.forget('subject-forget');
    for (const reader of [keyring, otherProcess, freshKeyring()]) {
      for (const sealed of mine) expect(await reader.open(sealed)).toBeUndefined();
      expect(await reader.open(theirs)).toBe('Amaq Rusdi');
    }
    await expect(keyring.seal('subject-forget', 'again')).rejects.toBeInstanceOf(SubjectForgottenError);
    await expect(freshKeyring().seal('subject-forget', 'again')).rejects.toBeInstanceOf(SubjectForgottenError);
    const row = await pool.query('SELECT wrapped_key, forgotten_at FROM pii.subject_keys WHERE subject_id = $1', [
      'subject-forget',
    ]);
    expect(row.rows[0]?.wrapped_key).toBeNull();
    expect(row.rows[0]?.forgotten_at).toBeInstanceOf(Date);
    await keyring.forget('subject-forget');
  });

  it('forgetting a subject never sealed blocks sealing for it', async () => {
    await keyring.forget('subject-never');
    await expect(keyring.seal('subject-never', 'x')).rejects.toBeInstanceOf(SubjectForgottenError);
  });

  it('a cached key stops opening once its TTL passes after another process forgot the subject', async () => {
    let clock = 1_000;
    const cached = createKeyring({ pool, masterKey, blindIndexKey, cacheTtlMs: 500, now: () => clock });
    const sealed = await cached.seal('subject-ttl', 'x');
    await freshKeyring().forget('subject-ttl');
    expect(await cached.open(sealed)).toBe('x');
    clock += 501;
    expect(await cached.open(sealed)).toBeUndefined();
  });

  it('works without a cache', async () => {
    const uncached = createKeyring({ pool, masterKey, blindIndexKey, cacheSize: 0 });
    expect(await uncached.open(await uncached.seal('subject-e', { a: 1 }))).toEqual({ a: 1 });
  });

  it('opens keys wrapped under a previous master key after rotation', async () => {
    const sealed = await keyring.seal('subject-rotated', 'lama');
    const newMaster = newKey();
    const rotated = createKeyring({
      pool,
      masterKey: newMaster,
      masterKeyVersion: 2,
      previousMasterKeys: new Map([[1, masterKey]]),
      blindIndexKey,
    });
    expect(await rotated.open(sealed)).toBe('lama');
    await rotated.seal('subject-new', 'baru');
    const row = await pool.query('SELECT key_version FROM pii.subject_keys WHERE subject_id = $1', ['subject-new']);
    expect(row.rows[0]).toEqual({ key_version: 2 });
    expect(await integrityReason(keyring.open(await rotated.seal('subject-new', 'baru')))).toBe('unknown_key_version');
  });

  it('refuses NIK-like subject ids, non-JSON values and bad keys', async () => {
    await expect(keyring.seal('5202011204870001', 'x')).rejects.toThrow(/looks like a NIK/);
    await expect(keyring.seal('', 'x')).rejects.toBeInstanceOf(TypeError);
    await expect(keyring.seal('subject-a', undefined)).rejects.toBeInstanceOf(TypeError);
    expect(() => createKeyring({ pool, masterKey, blindIndexKey: masterKey })).toThrow(TypeError);
    expect(() => createKeyring({ pool, masterKey: Buffer.alloc(16), blindIndexKey })).toThrow(TypeError);
  });

  it('gives blind indexes that match across keyrings with the same key only', () => {
    const index = keyring.blindIndex('nik', '5202011204870001');
    expect(freshKeyring().blindIndex('nik', '5202 0112 0487 0001')).toBe(index);
    expect(createKeyring({ pool, masterKey, blindIndexKey: newKey() }).blindIndex('nik', '5202011204870001')).not.toBe(
      index,
    );
    expect(index).toMatch(/^[0-9a-f]{64}$/);
  });
});
