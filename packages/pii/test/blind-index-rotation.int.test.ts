/**
 * Blind-index key rotation at the keyring (identities.ts, reindex.ts): identities resolved through
 * aliases, the re-index read from a real event log (resumable, idempotent, every place an index
 * sits beside a sealed value), a forgotten person left out, a second rotation on top of the first,
 * and the aliases of a retired key dropped.
 */
import { randomBytes } from 'node:crypto';
import { uuidv7, type NewEvent } from '@siks/contracts';
import { createPostgresEventStore, eventstoreMigrations } from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { operatorEvent } from './helpers.ts';
import { blindIndexKeyId, computeBlindIndex, createKeyring, piiMigrations, reindexBlindIndexes } from '../src/index.ts';

const url = await useTestDatabase('pii_blind_rotation');
const pool = createPool({ url, max: 4, applicationName: 'pii-rotation-test' });
afterAll(() => pool.end());
await migrate(pool, [eventstoreMigrations, piiMigrations]);
const store = createPostgresEventStore({ pool });
afterAll(() => store.close());

const masterKey = randomBytes(32);
const [keyA, keyB, keyC] = [randomBytes(32), randomBytes(32), randomBytes(32)] as [Buffer, Buffer, Buffer];
const keyringOf = (blindIndexKey: Buffer, previousBlindIndexKey?: Buffer) =>
  createKeyring({ pool, masterKey, blindIndexKey, previousBlindIndexKey, cacheSize: 0 });

const NIK = { head: '5202011204870001', wife: '5202015506900002', gone: '5202010101700003', old: '5202010202800004' };
const KK = '5202011503100002';

function event(streamId: string, data: Record<string, unknown>): [string, NewEvent] {
  return [streamId, operatorEvent('Recorded', data)];
}

const reindex = (key: Buffer, keep: Buffer[] = [], extra: Partial<Parameters<typeof reindexBlindIndexes>[0]> = {}) => {
  const keyring = keyringOf(key);
  return reindexBlindIndexes({
    pool,
    open: (sealed) => keyring.open(sealed),
    key,
    keepKeys: keep,
    readPage: (after, maxCount) => store.readAllPage({ after, maxCount, streamPrefixes: ['proposal-', 'complaint-'] }),
    batchSize: 1,
    ...extra,
  });
};

/** Under key A: a household (head, wife, KK), a NIK correction and a complaint about a neighbour. */
const underA = keyringOf(keyA);
const [iHead, iWife, iGone, iOld] = await underA.identityIndexes('nik', [NIK.head, NIK.wife, NIK.gone, NIK.old]);
const [iKk] = await underA.identityIndexes('kk', [KK]);
const proposal = uuidv7();
const seal = (nik: string, index: string) => underA.seal(`person:${index}`, { nik, name: 'x' }, 'member');
for (const [stream, recorded] of [
  event(`proposal-${proposal}`, {
    content: {
      household: {
        kkIndex: iKk,
        personal: await underA.seal(`proposal:${proposal}`, { kkNumber: KK, address: 'Jl. 1' }, 'household'),
        members: [
          { nikIndex: iHead, personal: await seal(NIK.head, iHead!) },
          { nikIndex: iWife, personal: await seal(NIK.wife, iWife!) },
        ],
      },
    },
  }),
  event(`proposal-${proposal}`, {
    content: {
      nikCorrections: [
        {
          oldNikIndex: iOld,
          newNikIndex: iHead,
          personal: await underA.seal(
            `proposal:${proposal}`,
            { oldNik: NIK.old, newNik: NIK.head, name: 'x' },
            'nik_correction',
          ),
        },
      ],
    },
  }),
  event(`complaint-${uuidv7()}`, {
    subjectNikIndex: iGone,
    personal: await underA.seal(`complaint:${uuidv7()}`, { description: 'y', subject: { nik: NIK.gone } }, 'complaint'),
  }),
  event(`proposal-${uuidv7()}`, { person: { nikIndex: iGone, personal: await seal(NIK.gone, iGone!) } }),
] as const)
  await store.append(stream, [recorded], 'any');

describe('blind-index key rotation', () => {
  it('without a rotation answers the index under the key, and makes no alias', async () => {
    expect(iHead).toBe(computeBlindIndex(keyA, 'nik', NIK.head));
    const { rows } = await pool.query('SELECT 1 FROM pii.blind_index_aliases');
    expect(rows).toHaveLength(0);
  });

  it('during the transition answers the previous key’s index; a write records it under the new key', async () => {
    const transition = keyringOf(keyB, keyA);
    expect(await transition.identityIndexes('nik', [NIK.head, NIK.wife])).toEqual([iHead, iWife]);
    expect(await transition.identityIndexes('kk', [KK])).toEqual([iKk]);
    // A look-up records nothing; a write does.
    expect((await pool.query('SELECT 1 FROM pii.blind_index_aliases')).rows).toHaveLength(0);
    await transition.identityIndexes('nik', [NIK.wife], { record: true });
    const { rows } = await pool.query<{ key_id: string; alias: string; canonical: string }>(
      'SELECT key_id, alias, canonical FROM pii.blind_index_aliases',
    );
    expect(rows).toEqual([
      { key_id: blindIndexKeyId(keyB), alias: computeBlindIndex(keyB, 'nik', NIK.wife), canonical: iWife },
    ]);
    // Before the re-index, B alone finds only what was recorded.
    const alone = keyringOf(keyB);
    expect(await alone.identityIndexes('nik', [NIK.wife, NIK.head])).toEqual([
      iWife,
      computeBlindIndex(keyB, 'nik', NIK.head),
    ]);
  });

  it('re-indexes from the log, resumably and once, leaving out a forgotten person', async () => {
    await underA.forget(`person:${iGone}`);
    // Interrupted after the first page: the next run goes on from the stored cursor.
    let pages = 0;
    await expect(
      reindex(keyB, [keyA], {
        onProgress: () => {
          pages += 1;
          if (pages === 1) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const progress: number[] = [];
    const result = await reindex(keyB, [keyA], { onProgress: (p) => progress.push(p.events) });
    expect(progress[0]).toBe(2); // resumed after the first event, not from the start
    expect(result).toMatchObject({ keyId: blindIndexKeyId(keyB), events: 4, dropped: 0 });
    // head, KK, old NIK (the correction; the wife was recorded by the write above); the complaint
    // still opens (its own key) but names a forgotten person: no alias for them.
    expect(result.aliases).toBe(3);
    expect(result.unreadable).toBe(1); // the forgotten person's block
    expect((await reindex(keyB, [keyA], { restart: true })).aliases).toBe(0); // all there already

    const alone = keyringOf(keyB);
    expect(await alone.identityIndexes('nik', [NIK.head, NIK.wife, NIK.old, NIK.gone])).toEqual([
      iHead,
      iWife,
      iOld,
      computeBlindIndex(keyB, 'nik', NIK.gone),
    ]);
    expect(await alone.identityIndexes('kk', [KK])).toEqual([iKk]);
    const { rows } = await pool.query('SELECT 1 FROM pii.blind_index_aliases WHERE canonical = $1', [iGone]);
    expect(rows).toHaveLength(0);
  });

  it('drops a person’s aliases when they are forgotten after the re-index', async () => {
    const alone = keyringOf(keyB);
    await alone.forget(`person:${iOld}`);
    expect(await alone.identityIndexes('nik', [NIK.old])).toEqual([computeBlindIndex(keyB, 'nik', NIK.old)]);
  });

  it('rotates again on top (B to C): identities made under A stay, aliases of A and B go', async () => {
    const newcomer = '5202013112990005';
    const underB = keyringOf(keyB);
    const [iNew] = await underB.identityIndexes('nik', [newcomer]);
    expect(iNew).toBe(computeBlindIndex(keyB, 'nik', newcomer)); // first seen after the first rotation
    const [stream, recorded] = event(`proposal-${uuidv7()}`, {
      person: { nikIndex: iNew, personal: await underB.seal(`person:${iNew}`, { nik: newcomer }, 'person') },
    });
    await store.append(stream, [recorded], 'any');
    // During the second transition the aliases of B still answer for A's identities.
    const transition = keyringOf(keyC, keyB);
    expect(await transition.identityIndexes('nik', [NIK.head, newcomer])).toEqual([iHead, iNew]);
    const result = await reindex(keyC, []);
    expect(result.dropped).toBeGreaterThan(0);
    const keys = await pool.query<{ key_id: string }>('SELECT DISTINCT key_id FROM pii.blind_index_aliases');
    expect(keys.rows).toEqual([{ key_id: blindIndexKeyId(keyC) }]);
    expect(await keyringOf(keyC).identityIndexes('nik', [NIK.head, NIK.wife, newcomer, NIK.gone])).toEqual([
      iHead,
      iWife,
      iNew,
      computeBlindIndex(keyC, 'nik', NIK.gone),
    ]);
  });

  it('refuses a previous key equal to the current one', () => {
    expect(() => keyringOf(keyA, keyA)).toThrow(/must differ/);
  });
});
