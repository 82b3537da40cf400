import { createPool, migrate } from '@siks/pg';
import { tamperWithEvents } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalEvent,
  chainHash,
  createPostgresEventStore,
  eventstoreMigrations,
  GENESIS_HASH,
  verifyHashChains,
  verifyStreamChain,
  type EventStore,
} from '../src/index.ts';
import { testEvent, testEvents } from './fixtures.ts';

const url = await useTestDatabase('eventstore_verify');
const pool = createPool({ url, max: 4, applicationName: 'eventstore-verify-test' });
let store: EventStore;

beforeAll(async () => {
  await migrate(pool, [eventstoreMigrations]);
  store = createPostgresEventStore({ pool, notify: 'off' });
  await store.append('a', testEvents(3), 'no_stream');
  await store.append('b', [testEvent({ text: 'é ✓ 😀 "q" \\ \n', n: [0, 1.5, 1e21, -7] })], 'no_stream');
  await store.append(
    'b',
    testEvents(4, (i) => ({ i, nested: { z: i, a: [i, { y: 'x', b: null }] } })),
    0,
  );
  await store.append('c', testEvents(2), 'any');
});
afterAll(async () => {
  await store.close();
  await pool.end();
});

const withTriggersOff = (sql: string, values: unknown[] = []) => tamperWithEvents(pool, sql, values);

describe('hash chain', () => {
  it('stores the chain TypeScript computes from the canonical events', async () => {
    for (const stream of ['a', 'b', 'c']) {
      let previous = GENESIS_HASH;
      for (const event of await store.readStream(stream)) {
        previous = chainHash(previous, canonicalEvent(event));
        expect(event.hash).toBe(previous.toString('hex'));
      }
    }
  });

  it('verifies an untouched log and reports progress', async () => {
    const progress: { streams: number; events: number }[] = [];
    const result = await verifyHashChains(pool, { batchSize: 4, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ ok: true, streams: 3, events: 10 });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ streams: 3, events: 10 });
  });

  it('names the stream and revision of a changed event, and passes again once it is restored', async () => {
    const original = (await store.readStream('b', { fromRevision: 2, maxCount: 1 }))[0]?.data;
    await withTriggersOff(
      `UPDATE eventstore.events SET data = jsonb_set(data, '{i}', '99') WHERE stream_id = 'b' AND revision = 2`,
    );
    expect(await verifyHashChains(pool)).toEqual({ ok: false, streamId: 'b', revision: 2, reason: 'hash mismatch' });
    expect(await store.verifyStream('b')).toEqual({ status: 'broken', revision: 2, reason: 'hash mismatch' });
    expect(await store.verifyStream('a')).toMatchObject({ status: 'verified', events: 3 });
    await withTriggersOff(`UPDATE eventstore.events SET data = $1 WHERE stream_id = 'b' AND revision = 2`, [
      JSON.stringify(original),
    ]);
    expect(await verifyHashChains(pool)).toMatchObject({ ok: true });
    expect(await store.verifyStream('b')).toMatchObject({ status: 'verified', events: 5 });
  });

  it('names a missing event and a cut-off tail', async () => {
    await withTriggersOff(`DELETE FROM eventstore.events WHERE stream_id = 'c' AND revision = 1`);
    expect(await verifyHashChains(pool)).toEqual({
      ok: false,
      streamId: 'c',
      revision: 1,
      reason: 'events missing at the end of the stream',
    });
    expect(await store.verifyStream('c')).toEqual({
      status: 'broken',
      revision: 1,
      reason: 'events missing at the end of the stream',
    });
    await withTriggersOff(`DELETE FROM eventstore.events WHERE stream_id = 'a' AND revision = 1`);
    expect(await verifyHashChains(pool)).toEqual({ ok: false, streamId: 'a', revision: 1, reason: 'revision missing' });
    expect(await store.verifyStream('a')).toEqual({ status: 'broken', revision: 1, reason: 'revision missing' });
  });

  it('verifies one stream page by page, with the head hash, and knows a stream that does not exist', async () => {
    const events = await store.readStream('b');
    const verified = await verifyStreamChain(pool, 'b', { batchSize: 2 });
    expect(verified).toEqual({ status: 'verified', events: 5, headHash: events.at(-1)?.hash });
    expect(await store.verifyStream('no-such-stream')).toEqual({ status: 'not_found' });
  });
});

describe('append-only', () => {
  it('refuses TRUNCATE of the events and removing stream heads', async () => {
    await expect(pool.query('TRUNCATE eventstore.events')).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM eventstore.streams WHERE stream_id = 'a'`)).rejects.toThrow(/append-only/);
    expect(await store.streamRevision('a')).toBe(2);
  });
});
