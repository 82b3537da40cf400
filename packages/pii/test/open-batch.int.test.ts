import { describe, expect, it, vi } from 'vitest';
import { createKeyring, PiiIntegrityError } from '../src/index.ts';
import { createKeyReader } from '../src/read-keys.ts';
import { newKey, usePiiDatabase } from './helpers.ts';

const pool = await usePiiDatabase();
const masterKey = newKey();
const blindIndexKey = newKey();
const freshKeyring = () => createKeyring({ pool, masterKey, blindIndexKey });

describe('keyring.open, batched', () => {
  it('opens many subjects asked for at once with one key query, forgotten and unknown ones included', async () => {
    const writer = freshKeyring();
    const sealed = await writer.sealAll(
      Array.from({ length: 40 }, (_, i) => ({ subjectId: `open-batch-${i}`, value: { name: `Warga ${i}` } })),
    );
    await writer.forget('open-batch-7');
    const unknown = { ...(sealed[0] as object), sub: 'open-batch-never-sealed' } as (typeof sealed)[number];

    const reader = freshKeyring();
    const query = vi.spyOn(pool, 'query');
    const opened = await Promise.all(sealed.map((value) => reader.open(value)));
    const refused = await reader.open(unknown).catch((error: unknown) => error);
    expect(query).toHaveBeenCalledTimes(2); // the 40 together, then the unknown one alone
    query.mockRestore();
    expect(opened).toEqual(sealed.map((_, i) => (i === 7 ? undefined : { name: `Warga ${i}` })));
    expect(refused).toBeInstanceOf(PiiIntegrityError);
  });

  it('splits a large batch and hands a failed query to every waiter of that batch', async () => {
    const read = createKeyReader(pool, 3);
    const query = vi.spyOn(pool, 'query');
    const rows = await Promise.all(['open-batch-1', 'open-batch-2', 'open-batch-3', 'open-batch-4'].map(read));
    expect(query).toHaveBeenCalledTimes(2);
    query.mockRestore();
    expect(rows.every((row) => row?.wrapped_key instanceof Buffer)).toBe(true);

    const broken = createKeyReader({ query: () => Promise.reject(new Error('connection lost')) } as never);
    const failures = await Promise.allSettled(['a', 'b'].map(broken));
    expect(failures.map((failure) => failure.status)).toEqual(['rejected', 'rejected']);
  });
});
