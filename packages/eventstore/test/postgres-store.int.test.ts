import { createPool, migrate, withTransaction } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventStoreFromUrl,
  createPostgresEventStore,
  DuplicateEventIdError,
  eventstoreMigrations,
  type EventStore,
} from '../src/index.ts';
import { appendEvents } from '../src/postgres/append.ts';
import { canonicalEventTemplate, EVENT_SEPARATOR } from '../src/postgres/hash.ts';
import { eventually, testEvent } from './fixtures.ts';

const url = await useTestDatabase('eventstore_pg');
const pool = createPool({ url, max: 6, applicationName: 'eventstore-pg-test' });
let store: EventStore;

beforeAll(async () => {
  await migrate(pool, [eventstoreMigrations]);
  store = createPostgresEventStore({ pool });
});
afterAll(async () => {
  await store.close();
  await pool.end();
});

const ids = (events: readonly { eventId: string }[]): string[] => events.map((event) => event.eventId);

describe('global log and late commits', () => {
  it('holds back events committed after an earlier, still open transaction, then keeps its order', async () => {
    const early = testEvent({ which: 'early' });
    const later = testEvent({ which: 'later' });
    const laterStill = testEvent({ which: 'laterStill' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // This transaction declares itself an appender and gets its id first, but its event gets a
      // position after `later`'s.
      await client.query('SELECT eventstore.enter_append(), pg_current_xact_id()');
      await store.append('late-b', [later], 'no_stream');
      await appendEvents(client, 'late-a', [early], 'no_stream', false);
      await store.append('late-c', [laterStill], 'no_stream');
      expect(await store.readAll({ streamPrefixes: ['late-'] })).toEqual([]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const read = await store.readAll({ streamPrefixes: ['late-'] });
    expect(ids(read)).toEqual([early.eventId, later.eventId, laterStill.eventId]);
    const [earlyRead, laterRead] = read;
    // Positions alone would have put `later` first: the order is by transaction, then position.
    expect(Number(earlyRead?.logPosition.split(':')[1])).toBeGreaterThan(Number(laterRead?.logPosition.split(':')[1]));
    expect(ids(await store.readAll({ after: earlyRead?.logPosition ?? '', streamPrefixes: ['late-'] }))).toEqual([
      later.eventId,
      laterStill.eventId,
    ]);
  });

  it('does not wait for a transaction that writes but never appends', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS scratch_writes (n integer)');
    const writer = await pool.connect();
    const event = testEvent({ which: 'beside a writer' });
    try {
      await writer.query('BEGIN');
      await writer.query('INSERT INTO scratch_writes VALUES (1)'); // holds a transaction id from here on
      await store.append('beside-writer-1', [event], 'no_stream');
      // The writer is older than the append and still open: readers go on all the same.
      expect(ids(await store.readAll({ streamPrefixes: ['beside-writer-'] }))).toEqual([event.eventId]);
      const page = await store.readAllPage({ streamPrefixes: ['beside-writer-'] });
      expect(ids(page.events)).toEqual([event.eventId]);
      // And it may not append now: readers may have passed its id already.
      await expect(appendEvents(writer, 'beside-writer-2', [testEvent()], 'no_stream', false)).rejects.toThrow(
        /must append before it writes anything else/,
      );
    } finally {
      await writer.query('ROLLBACK');
      writer.release();
    }
    expect(await store.readStream('beside-writer-2')).toEqual([]);
  });

  it('lets a transaction write after it appended, and waits for it', async () => {
    const event = testEvent({ which: 'append then write' });
    const next = testEvent({ which: 'after it' });
    await withTransaction(pool, async (client) => {
      await appendEvents(client, 'append-then-write-1', [event], 'no_stream', false);
      await client.query('INSERT INTO scratch_writes VALUES (2)');
      await appendEvents(client, 'append-then-write-2', [testEvent()], 'no_stream', false);
      await store.append('append-then-write-3', [next], 'no_stream');
      expect(await store.readAll({ streamPrefixes: ['append-then-write-'] })).toEqual([]);
    });
    const read = await store.readAll({ streamPrefixes: ['append-then-write-'] });
    expect(read.map((recorded) => recorded.streamId)).toEqual([
      'append-then-write-1',
      'append-then-write-2',
      'append-then-write-3',
    ]);
  });

  it('knows whether a transaction that ended wrote events into this log', async () => {
    const xidOf = async (client: { query: (sql: string) => Promise<{ rows: { x?: string }[] }> }) =>
      (await client.query('SELECT pg_current_xact_id()::text AS x')).rows[0]?.x ?? '';
    const appender = await withTransaction(pool, async (client) => {
      await appendEvents(client, 'wrote-here-1', [testEvent()], 'no_stream', false);
      return xidOf(client);
    });
    const writer = await withTransaction(pool, async (client) => {
      await client.query('INSERT INTO scratch_writes VALUES (3)');
      return xidOf(client);
    });
    const wrote = async (xid: string, isolation = 'READ COMMITTED') => {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
        return (await client.query<{ w: boolean }>('SELECT eventstore.wrote_here($1::xid8) AS w', [xid])).rows[0]?.w;
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    };
    expect(await wrote(appender)).toBe(true);
    expect(await wrote(writer)).toBe(false);
    // Without a snapshot of its own it cannot tell, and says yes (the horizon then waits).
    expect(await wrote(writer, 'REPEATABLE READ')).toBe(true);
  });

  it('stores a text whose revision the caller filled in only when the stream gives it that revision', async () => {
    const text = (stream: string, revision: number) => {
      const event = testEvent();
      return { id: event.eventId, text: canonicalEventTemplate(stream, event, event.eventId, revision) };
    };
    const append = (stream: string, expected: number, events: { id: string; text: string }[]) =>
      pool.query('SELECT o_outcome FROM eventstore.append($1, $2, $3::uuid[], $4, false)', [
        stream,
        expected,
        events.map((event) => event.id),
        events.map((event) => event.text).join(EVENT_SEPARATOR),
      ]);
    // A new stream (expected -2, no_stream) gives revision 0, not 5: one event, then two.
    await expect(append('filled-1', -2, [text('filled-1', 5)])).rejects.toThrow(
      /carries revision 5, the stream gives it 0/,
    );
    await expect(append('filled-1', -2, [text('filled-1', 0), text('filled-1', 2)])).rejects.toThrow(
      /carries revision 2, the stream gives it 1/,
    );
    const many = (events: { id: string; text: string }[]) =>
      pool.query('SELECT o_outcomes FROM eventstore.append_many($1, $2, $3, $4::uuid[], $5, false)', [
        ['filled-2'],
        [-2],
        [events.length],
        events.map((event) => event.id),
        [events.map((event) => event.text).join(EVENT_SEPARATOR)],
      ]);
    await expect(many([text('filled-2', 1)])).rejects.toThrow(/carries revision 1, the stream gives it 0/);
    await expect(many([text('filled-2', 0), text('filled-2', 0)])).rejects.toThrow(
      /carries revision 0, the stream gives it 1/,
    );
    expect(await store.streamRevision('filled-1')).toBeUndefined();
    expect(await store.streamRevision('filled-2')).toBeUndefined();
    // Filled in right, it is stored, and its chain verifies.
    expect((await append('filled-1', -2, [text('filled-1', 0), text('filled-1', 1)])).rows[0]?.o_outcome).toBe('ok');
    expect(await store.verifyStream('filled-1')).toMatchObject({ status: 'verified', events: 2 });
  });

  it('escapes LIKE wildcards in stream prefixes', async () => {
    await store.append('pct%x-1', [testEvent()], 'no_stream');
    await store.append('pctAx-1', [testEvent()], 'no_stream');
    expect((await store.readAll({ streamPrefixes: ['pct%'] })).map((event) => event.streamId)).toEqual(['pct%x-1']);
    expect(await store.readAll({ streamPrefixes: [] })).toEqual([]);
  });
});

describe('event ids', () => {
  it('refuses an event id that another stream already has, writing nothing', async () => {
    const shared = testEvent();
    await store.append('dup-1', [shared], 'no_stream');
    const fresh = testEvent();
    await expect(store.append('dup-2', [fresh, shared], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream('dup-2')).toEqual([]);
    expect(await store.streamRevision('dup-2')).toBeUndefined();
  });

  it('refuses the same id twice in one append', async () => {
    const event = testEvent();
    await expect(store.append('dup-3', [event, event], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('answers concurrent retries of one append with the same result', async () => {
    const events = [testEvent(), testEvent()];
    const results = await Promise.all(Array.from({ length: 6 }, () => store.append('retry-1', events, 'any')));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(await store.readStream('retry-1')).toHaveLength(2);
  });

  it('appends an empty batch as a revision check only', async () => {
    expect(await store.append('empty-1', [], 'no_stream')).toEqual({ nextExpectedRevision: -1, logPositions: [] });
    await store.append('empty-1', [testEvent()], 'no_stream');
    expect(await store.append('empty-1', [], 0)).toEqual({ nextExpectedRevision: 0, logPositions: [] });
    await expect(store.append('empty-1', [], 5)).rejects.toThrow(/expected revision 5, actual 0/);
  });

  it('rolls back with the caller transaction it was given', async () => {
    await expect(
      withTransaction(pool, async (client) => {
        await appendEvents(client, 'tx-1', [testEvent()], 'no_stream', false);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.readStream('tx-1')).toEqual([]);
  });
});

describe('notifications', () => {
  it('wakes listeners when appends notify inside their transaction', async () => {
    const inTransaction = createPostgresEventStore({ pool, notify: 'in-transaction' });
    let calls = 0;
    const stop = await inTransaction.onAppended(() => (calls += 1));
    try {
      await inTransaction.append('notify-tx', [testEvent()], 'no_stream');
      await eventually(() => (calls > 0 ? true : undefined), 'a notification');
      expect(calls).toBeGreaterThan(0);
    } finally {
      await stop();
      await inTransaction.close();
    }
  });
});

describe('createEventStoreFromUrl', () => {
  it('opens the PostgreSQL adapter on a postgres:// URL, with its own pool or the given one', async () => {
    const own = createEventStoreFromUrl(url);
    await own.append('factory-1', [testEvent()], 'no_stream');
    expect(await own.streamRevision('factory-1')).toBe(0);
    await own.close();
    const shared = createEventStoreFromUrl(url.replace(/^postgres:/, 'postgresql:'), pool);
    expect(await shared.streamRevision('factory-1')).toBe(0);
    await shared.close();
    expect(await store.streamRevision('factory-1')).toBe(0); // the given pool still works
  });

  it('chooses KurrentDB for kurrentdb:// and esdb:// without connecting yet', async () => {
    for (const kurrentUrl of ['kurrentdb://localhost:2113?tls=false', 'esdb://localhost:2113?tls=false']) {
      const kurrent = createEventStoreFromUrl(kurrentUrl);
      expect(typeof kurrent.append).toBe('function');
      await kurrent.close();
    }
  });

  it('refuses other schemes without echoing the URL', () => {
    expect(() => createEventStoreFromUrl('mysql://user:secret@host/db')).toThrow(/unsupported scheme "mysql"/);
    expect(() => createEventStoreFromUrl('mysql://user:secret@host/db')).not.toThrow(/secret/);
  });
});

describe('append notifications by category', () => {
  it('wakes the listeners of the categories appended to, and those that asked for everything', async () => {
    const woken = { apples: 0, pears: 0, everything: 0 };
    const stops = await Promise.all([
      store.onAppended(() => void woken.apples++, { streamPrefixes: ['apple-'] }),
      store.onAppended(() => void woken.pears++, { streamPrefixes: ['pear-', 'pearwood-'] }),
      store.onAppended(() => void woken.everything++),
    ]);
    try {
      await store.append('apple-1', [testEvent()], 'no_stream');
      await eventually(() => (woken.apples > 0 && woken.everything > 0 ? true : undefined), 'apple and all woken');
      expect(woken.pears).toBe(0);
      const everythingBefore = woken.everything;
      await store.append('pearwood-1', [testEvent()], 'no_stream');
      await eventually(
        () => (woken.pears > 0 && woken.everything > everythingBefore ? true : undefined),
        'pears woken',
      );
      // Sent after the apple's notification was heard: a later apple wake-up would be the pear's.
      const applesBefore = woken.apples;
      await store.append('pear-1', [testEvent()], 'no_stream');
      await eventually(() => (woken.pears > 1 ? true : undefined), 'pears woken again');
      expect(woken.apples).toBe(applesBefore);
    } finally {
      await Promise.all(stops.map((stop) => stop()));
    }
  });
});
