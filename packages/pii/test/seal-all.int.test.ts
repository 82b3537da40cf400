import { describe, expect, it, vi } from 'vitest';
import { createKeyring, SubjectForgottenError } from '../src/index.ts';
import { newKey, usePiiDatabase } from './helpers.ts';

const pool = await usePiiDatabase();
const masterKey = newKey();
const blindIndexKey = newKey();
const freshKeyring = () => createKeyring({ pool, masterKey, blindIndexKey });

const keyRows = async (subjectIds: readonly string[]) =>
  (
    await pool.query<{ subject_id: string; n: number }>(
      `SELECT subject_id, count(*)::int AS n FROM pii.subject_keys WHERE subject_id = ANY($1::text[])
       GROUP BY subject_id ORDER BY subject_id`,
      [subjectIds],
    )
  ).rows;

describe('keyring.sealAll', () => {
  it('seals new and existing subjects in order, reading keys with one query', async () => {
    const keyring = freshKeyring();
    const existing = await keyring.seal('batch-old', 'lama');
    const writer = freshKeyring();
    const query = vi.spyOn(pool, 'query');
    const items = [
      { subjectId: 'batch-new-1', value: 'Baiq Nurul' },
      { subjectId: 'batch-old', value: { rt: '003' } },
      { subjectId: 'batch-new-2', value: 42 },
      { subjectId: 'batch-new-1', value: null },
    ];
    const sealed = await writer.sealAll(items);
    // One statement reads the stored keys and inserts the missing ones.
    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
    expect(sealed.map((value) => value.sub)).toEqual(items.map((item) => item.subjectId));
    const reader = freshKeyring();
    expect(await Promise.all(sealed.map((value) => reader.open(value)))).toEqual(items.map((item) => item.value));
    expect(await reader.open(existing)).toBe('lama');
    expect(await keyRows(['batch-new-1', 'batch-new-2', 'batch-old'])).toEqual([
      { subject_id: 'batch-new-1', n: 1 },
      { subject_id: 'batch-new-2', n: 1 },
      { subject_id: 'batch-old', n: 1 },
    ]);
    // Cached now: no query at all.
    const again = vi.spyOn(pool, 'query');
    await writer.sealAll(items);
    expect(again).not.toHaveBeenCalled();
    again.mockRestore();
  });

  it('refuses a batch with a forgotten subject and creates no key', async () => {
    const keyring = freshKeyring();
    await keyring.seal('batch-gone', 'x');
    await keyring.forget('batch-gone');
    for (const writer of [keyring, freshKeyring()]) {
      await expect(
        writer.sealAll([
          { subjectId: 'batch-fresh', value: 1 },
          { subjectId: 'batch-gone', value: 2 },
        ]),
      ).rejects.toBeInstanceOf(SubjectForgottenError);
    }
    expect(await keyRows(['batch-fresh'])).toEqual([]);
  });

  it('serves concurrent calls with one statement, each call with its own outcome', async () => {
    const keyring = freshKeyring();
    await keyring.seal('shared-gone', 'x');
    await keyring.forget('shared-gone');
    const writer = freshKeyring();
    const query = vi.spyOn(pool, 'query');
    const calls = Array.from({ length: 10 }, (_, index) => [
      { subjectId: `shared-${index}-a`, value: index },
      { subjectId: `shared-${index}-b`, value: { n: index } },
      ...(index === 3 ? [{ subjectId: 'shared-gone', value: 'no' }] : []),
    ]);
    const outcomes = await Promise.allSettled(calls.map((items) => writer.sealAll(items)));
    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
    const reader = freshKeyring();
    for (const [index, outcome] of outcomes.entries()) {
      if (index === 3) {
        expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(SubjectForgottenError);
        continue;
      }
      if (outcome.status !== 'fulfilled') throw new Error(`call ${index} failed`);
      expect(await Promise.all(outcome.value.map((value) => reader.open(value)))).toEqual([index, { n: index }]);
    }
    // The refused call created no key; the others one per subject.
    expect(await keyRows(['shared-3-a', 'shared-3-b'])).toEqual([]);
    expect(await keyRows(['shared-0-a', 'shared-9-b'])).toEqual([
      { subject_id: 'shared-0-a', n: 1 },
      { subject_id: 'shared-9-b', n: 1 },
    ]);
  });

  it('ends with one key per subject when concurrent batches race on the same subjects', async () => {
    const subjects = Array.from({ length: 8 }, (_, index) => `batch-race-${index}`);
    const writers = Array.from({ length: 4 }, () => freshKeyring());
    const batches = await Promise.all(
      writers.map((writer, w) =>
        writer.sealAll(
          // Each writer lists the subjects in another order.
          (w % 2 === 0 ? subjects : [...subjects].reverse()).map((subjectId) => ({ subjectId, value: `${w}` })),
        ),
      ),
    );
    expect(await keyRows(subjects)).toEqual(subjects.map((subject_id) => ({ subject_id, n: 1 })));
    const reader = freshKeyring();
    for (const [w, batch] of batches.entries()) {
      expect(await Promise.all(batch.map((value) => reader.open(value)))).toEqual(subjects.map(() => `${w}`));
    }
  });
});
