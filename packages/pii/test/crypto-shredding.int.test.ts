/**
 * THE crypto-shredding test (DESIGN.md §6): personal fields of two subjects are sealed into
 * events of the real PostgreSQL event store; forgetting one subject makes its fields
 * unreadable, the other's stay readable, the events are untouched and the hash chain still
 * verifies, because it covers the ciphertext.
 */
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@siks/contracts';
import { createPostgresEventStore, eventstoreMigrations, verifyHashChains } from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { operatorEvent } from './helpers.ts';
import { createKeyring, isSealed, openDeep, openFields, piiMigrations, sealFields } from '../src/index.ts';

const url = await useTestDatabase('pii_shred');
const pool = createPool({ url, max: 4, applicationName: 'pii-shredding-test' });
afterAll(() => pool.end());
await migrate(pool, [eventstoreMigrations, piiMigrations]);
const store = createPostgresEventStore({ pool });
afterAll(() => store.close());
const keys = { masterKey: randomBytes(32), blindIndexKey: randomBytes(32) };
const keyring = createKeyring({ pool, ...keys });

const PERSONAL = ['nik', 'name', 'birthDate', 'motherName'] as const;
const husband = {
  subjectId: uuidv7(),
  nik: '5202011204870001',
  name: 'Lalu Ahmad Fauzan',
  birthDate: '1987-04-12',
  motherName: 'Baiq Rohani',
  sex: 'male',
  relationship: 'kepala_keluarga',
};
const wife = {
  subjectId: uuidv7(),
  nik: '5202015506900002',
  name: 'Siti Aminah',
  birthDate: '1990-06-15',
  motherName: 'Hadijah',
  sex: 'female',
  relationship: 'istri_suami',
};

const sealMember = async (member: typeof husband) => ({
  memberId: member.subjectId,
  ...(await sealFields(keyring, member.subjectId, member, [...PERSONAL])),
});

describe('crypto-shredding in the event store', () => {
  it('forgets one subject: its fields are unreadable, the other’s open, the hash chain verifies', async () => {
    const householdStream = `household-${uuidv7()}`;
    const wifeStream = `person-${wife.subjectId}`;
    await store.append(
      householdStream,
      [
        operatorEvent('HouseholdRegistered', {
          villageCode: '52.02.01.1001',
          members: [await sealMember(husband), await sealMember(wife)],
        }),
        operatorEvent('MemberCorrected', {
          memberId: husband.subjectId,
          changes: await sealFields(keyring, husband.subjectId, { name: 'Lalu Ahmad Fauzi' }, ['name']),
        }),
      ],
      'no_stream',
    );
    await store.append(
      wifeStream,
      [operatorEvent('PhoneRecorded', { phone: await keyring.seal(wife.subjectId, '+6281234567890') })],
      'no_stream',
    );

    // Nothing personal is stored in clear.
    const clear = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM eventstore.events
        WHERE data::text ~ '5202011204870001|5202015506900002|Fauz|Aminah|Rohani|Hadijah|1987-04-12|6281234'`,
    );
    expect(clear.rows[0]?.n).toBe(0);
    expect(await verifyHashChains(pool)).toEqual({ ok: true, streams: 2, events: 3 });
    const before = [...(await store.readStream(householdStream)), ...(await store.readStream(wifeStream))];

    await keyring.forget(husband.subjectId);

    const after = [...(await store.readStream(householdStream)), ...(await store.readStream(wifeStream))];
    // The log itself is unchanged: same events, same ciphertext, same hashes.
    expect(after).toEqual(before);
    expect(await verifyHashChains(pool)).toEqual({ ok: true, streams: 2, events: 3 });

    const [registered, corrected, phone] = after;
    const members = (registered?.data['members'] ?? []) as Record<string, unknown>[];
    const [sealedHusband, sealedWife] = members;
    expect(isSealed(sealedHusband?.['nik'])).toBe(true);
    // The keyring that forgot, and one with a cold cache (another process), see the same.
    for (const reader of [keyring, createKeyring({ pool, ...keys })]) {
      expect(await openFields(reader, sealedHusband ?? {}, [...PERSONAL])).toEqual({
        memberId: husband.subjectId,
        subjectId: husband.subjectId,
        sex: 'male',
        relationship: 'kepala_keluarga',
        nik: undefined,
        name: undefined,
        birthDate: undefined,
        motherName: undefined,
      });
      expect(await openFields(reader, sealedWife ?? {}, [...PERSONAL])).toEqual({ memberId: wife.subjectId, ...wife });
      expect(await openDeep(reader, corrected?.data, { shredded: null })).toEqual({
        memberId: husband.subjectId,
        changes: { name: null },
      });
      expect(await openDeep(reader, phone?.data)).toEqual({ phone: '+6281234567890' });
    }
  });

  it('the hash chain covers the ciphertext: changing a sealed field breaks it', async () => {
    const stream = `household-${uuidv7()}`;
    await store.append(stream, [operatorEvent('MemberCorrected', await sealMember(wife))], 'no_stream');
    expect(await verifyHashChains(pool)).toMatchObject({ ok: true });
    const client = await pool.connect();
    try {
      // Bypass the append-only trigger the way only a superuser could.
      await client.query('SET session_replication_role = replica');
      await client.query(
        `UPDATE eventstore.events SET data = jsonb_set(data, '{name,ct}', to_jsonb($2::text))
          WHERE stream_id = $1 AND revision = 0`,
        [stream, Buffer.from('forged').toString('base64')],
      );
    } finally {
      await client.query('RESET session_replication_role');
      client.release();
    }
    expect(await verifyHashChains(pool)).toEqual({ ok: false, streamId: stream, revision: 0, reason: 'hash mismatch' });
  });
});
