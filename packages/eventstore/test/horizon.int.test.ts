import { randomUUID } from 'node:crypto';
import { createPool, migrate, withTransaction } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareLogPositions,
  createPostgresEventStore,
  eventstoreMigrations,
  withGroupCommit,
  type EventStore,
} from '../src/index.ts';
import { appendEvents } from '../src/postgres/append.ts';
import { testEvent } from './fixtures.ts';

const url = await useTestDatabase('eventstore_horizon');
const otherUrl = await useTestDatabase('eventstore_horizon_other');
const pool = createPool({ url, max: 40, applicationName: 'eventstore-horizon-test' });
let store: EventStore;

beforeAll(async () => {
  await migrate(pool, [eventstoreMigrations]);
  await pool.query('CREATE TABLE public.other_work (id serial PRIMARY KEY)');
  store = createPostgresEventStore({ pool, notify: 'off' });
});
afterAll(async () => {
  await store.close();
  await pool.end();
});

describe('the read horizon', () => {
  it('never lets a reader of the log pass an appending transaction while it commits', async () => {
    // Group commits (append_many) and single appends side by side, transactions that hold an id
    // without appending, and a reader paging the log as a relay does. Committing appenders release
    // their locks one by one after they left the in-progress list; the horizon once took such an
    // appender for a non-appender and the reader stepped over its events (hundreds per run).
    const grouped = withGroupCommit(store, { maxConcurrentBatches: 3 });
    let stop = false;
    const appended = new Set<string>();
    const loop = (body: () => Promise<void>) =>
      (async () => {
        while (!stop) await body();
      })();
    const work = [
      ...Array.from({ length: 24 }, () =>
        loop(async () => {
          const events = [testEvent({}, 'Drafted'), testEvent({}, 'Submitted')];
          await grouped.append(`proposal-${randomUUID()}`, events, 'no_stream');
          for (const event of events) appended.add(event.eventId);
        }),
      ),
      ...Array.from({ length: 4 }, () =>
        loop(async () => {
          await store.append(`case-${randomUUID()}`, [testEvent({}, 'Opened')], 'no_stream');
        }),
      ),
      ...Array.from({ length: 3 }, () =>
        loop(async () => {
          await pool.query('INSERT INTO public.other_work DEFAULT VALUES');
        }),
      ),
    ];
    const seen = new Set<string>();
    let position = '';
    const page = async (): Promise<number> => {
      const { events, next } = await store.readAllPage({
        after: position,
        streamPrefixes: ['proposal-'],
        maxCount: 500,
      });
      for (const event of events) seen.add(event.eventId);
      position = next;
      return events.length;
    };
    const until = Date.now() + 6_000;
    while (Date.now() < until) if ((await page()) < 500) await new Promise((resolve) => setTimeout(resolve, 2));
    stop = true;
    await Promise.all(work);
    // Drained up to the newest event committed (an empty page alone is no proof of the end).
    const last = await store.lastPosition({ streamPrefixes: ['proposal-'] });
    while ((await page()) > 0 || compareLogPositions(position, last) < 0);

    const missed = [...appended].filter((id) => !seen.has(id));
    expect(appended.size).toBeGreaterThan(1000);
    expect(missed).toEqual([]);
  }, 30_000);

  it('waits for the appenders of its own database only', async () => {
    // Another database of the same server (another service's, or another test's): an append there
    // holds a transaction id of the whole server, but can never write this database's log.
    const other = createPool({ url: otherUrl, max: 2, applicationName: 'eventstore-horizon-other' });
    await migrate(other, [eventstoreMigrations]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const elsewhere = withTransaction(other, async (client) => {
      await appendEvents(client, `proposal-${randomUUID()}`, [testEvent({}, 'Drafted')], 'no_stream', false);
      opened();
      await held;
    });
    try {
      await isOpen;
      const before = await store.readAllPage({ after: '', streamPrefixes: ['horizon-'], maxCount: 10 });
      const event = testEvent({}, 'Drafted');
      await store.append(`horizon-${randomUUID()}`, [event], 'no_stream');
      const page = await store.readAllPage({ after: before.next, streamPrefixes: ['horizon-'], maxCount: 10 });
      expect(page.events.map((read) => read.eventId)).toEqual([event.eventId]);
      // In its own database the open append still holds readers back.
      const otherStore = createPostgresEventStore({ pool: other, notify: 'off' });
      expect((await otherStore.readAllPage({ after: '', maxCount: 10 })).events).toEqual([]);
      await otherStore.close();
    } finally {
      release();
      await elsewhere;
      await other.end();
    }
  });
});
