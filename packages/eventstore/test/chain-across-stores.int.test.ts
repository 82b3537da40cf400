import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore, eventstoreMigrations } from '../src/index.ts';
import { chainedEventData, chainHeadOf, HASH_KEY } from '../src/kurrentdb/mapping.ts';
import { testEvent, testEvents } from './fixtures.ts';

/**
 * The KurrentDB adapter's chain (computed in TypeScript, kept in metadata) is PostgreSQL's chain
 * (computed by `eventstore.append` in SQL): the same events give the same hashes, so `audit
 * verify` means the same on both stores. Runs here without a KurrentDB server: the Kurrent side
 * is the adapter's pure mapping, the PostgreSQL side a real embedded server.
 */
const url = await useTestDatabase('eventstore_chain_across');
const pool = createPool({ url, max: 2, applicationName: 'eventstore-chain-across' });
const store = createPostgresEventStore({ pool });
afterAll(async () => {
  await store.close();
  await pool.end();
});

describe('one hash chain on both stores', () => {
  it('gives the hashes PostgreSQL stores, over several appends, odd data and upper-case ids', async () => {
    await migrate(pool, [eventstoreMigrations]);
    const stream = 'proposal-0190b5a8-chain';
    const first = [
      testEvent({ z: 1, a: { y: [1, 'two', null], x: 'é ✓ "quoted"' }, big: 12345678901, frac: 0.1 }),
      testEvent({}, 'ProposalSubmitted', '0190B5A8-0000-7000-8000-0000000000AB'),
    ];
    const second = testEvents(3, (i) => ({ i, nested: { list: [{ b: 2, a: 1 }] } }));
    await store.append(stream, first, 'no_stream');
    await store.append(stream, second, 'any');
    const stored = (await store.readStream(stream)).map((event) => event.hash);

    const kurrentFirst = chainedEventData(stream, undefined, first);
    const headAfterFirst = chainHeadOf({
      revision: 1n,
      metadata: kurrentFirst[1]?.metadata,
    } as unknown as Parameters<typeof chainHeadOf>[0]);
    const kurrentSecond = chainedEventData(stream, headAfterFirst, second);
    expect([...kurrentFirst, ...kurrentSecond].map((event) => event.metadata[HASH_KEY])).toEqual(stored);
    expect(await store.verifyStream(stream)).toMatchObject({ status: 'verified', headHash: stored.at(-1) });
  });
});
