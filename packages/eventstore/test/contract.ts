import type { NewEvent, RecordedEvent } from '@siks/contracts';
import type { Pool } from '@siks/pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareLogPositions,
  DuplicateEventIdError,
  startSubscription,
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
} from '../src/index.ts';
import { eventually, runPrefix, testEvent, testEvents } from './fixtures.ts';

export interface ContractHarness {
  store: EventStore;
  /** PostgreSQL database (migrated with `subscriptionMigrations`) for subscription checkpoints. */
  checkpointPool: Pool;
  /**
   * Appends in a transaction kept open for `holdMs` after the append. Resolves true when an
   * event with a later position than the appended ones became visible before this commit.
   */
  appendLate?: (streamId: string, events: readonly NewEvent[], holdMs: number) => Promise<boolean>;
  /**
   * Writes a row outside the event log in a transaction kept open for `holdMs` (a read model
   * or an inbox at work): readers of the global log must neither wait for it nor skip anything.
   */
  writeAside?: (holdMs: number) => Promise<void>;
  /** Direct changes to stored events, which the store must refuse. */
  tamper?: { update(streamId: string): Promise<unknown>; delete(streamId: string): Promise<unknown> };
  close(): Promise<void>;
}

/** The contract every `EventStore` adapter passes (DESIGN.md §3). */
export function eventStoreContract(name: string, makeHarness: () => Promise<ContractHarness>): void {
  describe(`EventStore contract: ${name}`, () => {
    let harness: ContractHarness;
    let store: EventStore;
    const prefix = runPrefix('c');
    let streamCounter = 0;
    const newStream = (label: string): string => `${prefix}${label}-${++streamCounter}`;

    beforeAll(async () => {
      harness = await makeHarness();
      store = harness.store;
      await harness.checkpointPool.query('CREATE TABLE IF NOT EXISTS contract_seen (event_id uuid PRIMARY KEY)');
    });
    afterAll(async () => {
      await harness?.close();
    });

    const ids = (events: readonly { eventId: string }[]): string[] => events.map((event) => event.eventId);

    it('appends to a new stream and reads the events back as written', async () => {
      const stream = newStream('basic');
      const events = [testEvent({ a: 1, nested: { z: [1, 'two', null], y: true } }), testEvent({ b: 'é ✓' })];
      const result = await store.append(stream, events, 'no_stream');
      expect(result.nextExpectedRevision).toBe(1);
      expect(result.logPositions).toHaveLength(2);
      const read = await store.readStream(stream);
      expect(read.map((event) => event.revision)).toEqual([0, 1]);
      expect(read.map((event) => event.streamId)).toEqual([stream, stream]);
      expect(ids(read)).toEqual(ids(events));
      expect(read.map((event) => event.logPosition)).toEqual(result.logPositions);
      for (const [index, event] of read.entries()) {
        expect(event.data).toEqual(events[index]?.data);
        expect(event.metadata).toEqual(events[index]?.metadata);
        expect(event.type).toBe('TestHappened');
        expect(event.schemaVersion).toBe(1);
        expect(Number.isNaN(Date.parse(event.recordedAt))).toBe(false);
      }
      expect(await store.streamRevision(stream)).toBe(1);
      expect(await store.streamRevision(newStream('missing'))).toBeUndefined();
    });

    it('checks the expected revision and writes nothing on a conflict', async () => {
      const stream = newStream('expected');
      const conflict = async (expected: ExpectedRevision, actual: number | undefined): Promise<void> => {
        const error = await store.append(stream, [testEvent()], expected).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(actual);
        expect((error as WrongExpectedRevisionError).streamId).toBe(stream);
      };
      await conflict('stream_exists', undefined);
      await conflict(0, undefined);
      expect(await store.readStream(stream)).toEqual([]);
      expect((await store.append(stream, [testEvent()], 'no_stream')).nextExpectedRevision).toBe(0);
      await conflict('no_stream', 0);
      await conflict(1, 0);
      expect((await store.append(stream, [testEvent()], 0)).nextExpectedRevision).toBe(1);
      expect((await store.append(stream, [testEvent()], 'stream_exists')).nextExpectedRevision).toBe(2);
      expect((await store.append(stream, [testEvent()], 'any')).nextExpectedRevision).toBe(3);
      expect((await store.append(newStream('any'), [testEvent()], 'any')).nextExpectedRevision).toBe(0);
      await conflict(2, 3);
      expect((await store.readStream(stream)).map((event) => event.revision)).toEqual([0, 1, 2, 3]);
    });

    it('appends the events of one call atomically, in order', async () => {
      const stream = newStream('atomic');
      const first = testEvent();
      await store.append(stream, [first], 'no_stream');
      const batch = testEvents(5);
      await expect(store.append(stream, batch, 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      // A batch repeating an id already in the stream (partial overlap) is refused whole.
      await expect(store.append(stream, [...batch, first], 0)).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(ids(await store.readStream(stream))).toEqual([first.eventId]);
      const result = await store.append(stream, batch, 0);
      expect(result.nextExpectedRevision).toBe(5);
      const read = await store.readStream(stream);
      expect(ids(read)).toEqual([first.eventId, ...ids(batch)]);
      expect(read.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5]);
      const positions = read.map((event) => event.logPosition);
      expect([...positions].sort(compareLogPositions)).toEqual(positions);
      expect(new Set(positions).size).toBe(positions.length);
    });

    it('re-appending the same event ids returns the original positions and writes nothing', async () => {
      const stream = newStream('idempotent');
      const events = testEvents(3);
      const original = await store.append(stream, events, 'no_stream');
      expect(await store.append(stream, events, 'no_stream')).toEqual(original);
      expect(await store.append(stream, events, 'any')).toEqual(original);
      await store.append(stream, [testEvent()], 2);
      // A retry of the first append after the stream moved on is still the same append.
      expect(await store.append(stream, events, 'no_stream')).toEqual(original);
      expect(await store.append(stream, events.slice(1), 'any')).toEqual({
        nextExpectedRevision: 2,
        logPositions: original.logPositions.slice(1),
      });
      const read = await store.readStream(stream);
      expect(read).toHaveLength(4);
      const all = await store.readAll({ streamPrefixes: [stream] });
      expect(all).toHaveLength(4);
    });

    it('reads a stream forwards and backwards from a revision with a max count', async () => {
      const stream = newStream('read');
      await store.append(stream, testEvents(10), 'no_stream');
      const revisions = (events: RecordedEvent[]): number[] => events.map((event) => event.revision);
      expect(revisions(await store.readStream(stream, { fromRevision: 3, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
      expect(
        revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 6, maxCount: 3 })),
      ).toEqual([6, 5, 4]);
      expect(revisions(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual([9, 8]);
      expect(revisions(await store.readStream(stream, { direction: 'backwards' }))).toHaveLength(10);
      expect(revisions(await store.readStream(stream, { fromRevision: 8 }))).toEqual([8, 9]);
      expect(await store.readStream(stream, { fromRevision: 10 })).toEqual([]);
      expect(await store.readStream(newStream('none'))).toEqual([]);
      expect(await store.readStream(newStream('none'), { direction: 'backwards' })).toEqual([]);
    });

    it('pages through the global log with a cursor, in a stable order', async () => {
      const base = newStream('paging');
      const streams = [`${base}-a`, `${base}-b`, `${base}-c`];
      const appended: string[] = [];
      for (let round = 0; round < 4; round += 1) {
        for (const stream of streams) {
          const events = testEvents(round % 2 === 0 ? 1 : 2);
          await store.append(stream, events, 'any');
          appended.push(...ids(events));
        }
      }
      await store.append(newStream('other'), testEvents(2), 'any');
      const pages: RecordedEvent[][] = [];
      let after = '';
      for (;;) {
        const page = await store.readAll({ after, maxCount: 5, streamPrefixes: [base] });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(5);
        pages.push(page);
        after = page.at(-1)?.logPosition ?? after;
      }
      const paged = pages.flat();
      expect(ids(paged)).toEqual(appended);
      const positions = paged.map((event) => event.logPosition);
      expect([...positions].sort(compareLogPositions)).toEqual(positions);
      const again = await store.readAll({ streamPrefixes: [base] });
      expect(ids(again)).toEqual(appended);
      expect(again.map((event) => event.logPosition)).toEqual(positions);
      expect(await store.readAll({ after: positions.at(-1) ?? '', streamPrefixes: [base] })).toEqual([]);
      // Without a filter the cursor works the same and includes these events.
      const unfiltered = await store.readAll({ after: positions[0] ?? '', maxCount: 100_000 });
      expect(ids(unfiltered.filter((event) => event.streamId.startsWith(base)))).toEqual(appended.slice(1));
    });

    it('pages with readAllPage: the same events as readAll, and a cursor that misses nothing', async () => {
      const base = newStream('page');
      const first = testEvents(3);
      await store.append(`${base}-a`, first, 'any');
      await store.append(newStream('unrelated'), testEvents(4), 'any');
      const full = await store.readAllPage({ streamPrefixes: [base], maxCount: 2 });
      expect(ids(full.events)).toEqual(ids(first.slice(0, 2)));
      expect(full.next).toBe(full.events.at(-1)?.logPosition);
      const short = await store.readAllPage({ after: full.next, streamPrefixes: [base], maxCount: 2 });
      expect(ids(short.events)).toEqual(ids(first.slice(2)));
      // A short page may continue beyond its last event (past the unrelated ones), never before it.
      expect(compareLogPositions(short.next, short.events.at(-1)?.logPosition ?? '')).toBeGreaterThanOrEqual(0);
      const later = testEvents(2);
      await store.append(`${base}-b`, later, 'any');
      const rest = await store.readAllPage({ after: short.next, streamPrefixes: [base], maxCount: 10 });
      expect(ids(rest.events)).toEqual(ids(later));
      const none = await store.readAllPage({ after: rest.next, streamPrefixes: [base], maxCount: 10 });
      expect(none.events).toEqual([]);
      expect(compareLogPositions(none.next, rest.next)).toBeGreaterThanOrEqual(0);
    });

    it('pages whole categories (prefix "<category>-") merged in log order, past other categories', async () => {
      // Categories contain no '-': the run prefix's letters only.
      const tag = prefix.replace(/[^A-Za-z0-9]/g, '');
      const [alpha, beta, other] = [`alpha${tag}`, `beta${tag}`, `gamma${tag}`];
      const expected: string[] = [];
      for (let i = 0; i < 3; i++) {
        const forAlpha = testEvents(1);
        await store.append(`${alpha}-${i}`, forAlpha, 'any');
        await store.append(`${other}-${i}`, testEvents(2), 'any');
        const forBeta = testEvents(2);
        await store.append(`${beta}-${i}`, forBeta, 'any');
        expected.push(...ids(forAlpha), ...ids(forBeta));
      }
      // 'alpha…x-' is not category 'alpha…': a stream whose id only starts like it stays out.
      await store.append(`${alpha}x-0`, testEvents(1), 'any');
      const streamPrefixes = [`${alpha}-`, `${beta}-`];
      const seen: string[] = [];
      let after = '';
      for (let page = 0; page < 20; page++) {
        const read = await store.readAllPage({ after, streamPrefixes, maxCount: 2 });
        seen.push(...ids(read.events));
        if (read.events.length === 0) break;
        after = read.next;
      }
      expect(seen).toEqual(expected);
      expect(ids(await store.readAll({ streamPrefixes, maxCount: 100 }))).toEqual(expected);
    });

    it('tells the last position of the log, of some prefixes, and of whole categories', async () => {
      const tag = prefix.replace(/[^A-Za-z0-9]/g, '');
      const [mine, theirs] = [`last${tag}`, `lastother${tag}`];
      expect(await store.lastPosition({ streamPrefixes: [`${mine}-`] })).toBe('');
      expect(await store.lastPosition({ streamPrefixes: [] })).toBe('');
      const first = await store.append(`${mine}-a`, testEvents(2), 'any');
      const second = await store.append(`${mine}-b`, testEvents(1), 'any');
      const other = await store.append(`${theirs}-a`, testEvents(1), 'any');
      const newestOfMine = second.logPositions.at(-1);
      expect(compareLogPositions(newestOfMine ?? '', first.logPositions.at(-1) ?? '')).toBeGreaterThan(0);
      // By whole category, by a prefix that is not one, and of the whole log.
      expect(await store.lastPosition({ streamPrefixes: [`${mine}-`] })).toBe(newestOfMine);
      expect(await store.lastPosition({ streamPrefixes: [`${mine}-a`] })).toBe(first.logPositions.at(-1));
      expect(await store.lastPosition({ streamPrefixes: [`${mine}-`, `${theirs}-`] })).toBe(other.logPositions[0]);
      // (Other writers may share the whole log: it is at least this far.)
      expect(compareLogPositions(await store.lastPosition(), other.logPositions[0] ?? '')).toBeGreaterThanOrEqual(0);
      // A reader whose cursor reached it has read them all.
      const page = await store.readAllPage({ after: first.logPositions[0] ?? '', streamPrefixes: [`${mine}-`] });
      expect(compareLogPositions(page.next, newestOfMine ?? '')).toBeGreaterThanOrEqual(0);
    });

    it('wakes onAppended listeners after an append', async () => {
      let calls = 0;
      const stop = await store.onAppended(() => {
        calls += 1;
      });
      try {
        await store.append(newStream('notify'), [testEvent()], 'no_stream');
        await eventually(() => (calls > 0 ? true : undefined), 'an onAppended call');
        expect(calls).toBeGreaterThan(0);
      } finally {
        await stop();
      }
    });

    it('refuses to change or delete stored events', async (context) => {
      if (!harness.tamper) {
        context.skip('this adapter has no direct access to stored events');
        return;
      }
      const stream = newStream('tamper');
      await store.append(stream, [testEvent({ amount: 1 })], 'no_stream');
      await expect(harness.tamper.update(stream)).rejects.toThrow(/append-only/);
      await expect(harness.tamper.delete(stream)).rejects.toThrow(/append-only/);
      expect((await store.readStream(stream))[0]?.data).toEqual({ amount: 1 });
    });

    it('delivers every event exactly once, in stream order, to a subscription while 8 writers append', async () => {
      const base = newStream('concurrent');
      const streams = Array.from({ length: 40 }, (_, index) => `${base}-${index}`);
      const durationMs = Number(process.env['EVENTSTORE_CONCURRENCY_MS'] ?? 3_000);
      const appended = new Set<string>();
      const delivered: RecordedEvent[] = [];
      const errors: unknown[] = [];
      let lateCommits = 0;
      const subscription = startSubscription({
        store,
        pool: harness.checkpointPool,
        subscriptionId: `${base}-subscription`,
        streamPrefixes: [base],
        batchSize: 50,
        pollIntervalMs: 50,
        retryDelayMs: 20,
        onError: (error) => errors.push(error),
        handle: async (events, client) => {
          await client.query('INSERT INTO contract_seen (event_id) SELECT unnest($1::uuid[])', [ids(events)]);
          delivered.push(...events);
        },
      });
      const until = Date.now() + durationMs;
      const writer = async (index: number): Promise<void> => {
        let turn = 0;
        while (Date.now() < until) {
          turn += 1;
          const stream = streams[(index * 7 + turn * 13) % streams.length] ?? base;
          const events = testEvents(1 + (turn % 3), () => ({ writer: index, turn, pad: 'x'.repeat(200) }));
          if (harness.appendLate && index < 2 && turn % 2 === 0) {
            if (await harness.appendLate(stream, events, 40)) lateCommits += 1;
          } else if (turn % 4 === 0) {
            // Optimistic concurrency under contention: retry on conflict.
            for (;;) {
              const revision = await store.streamRevision(stream);
              try {
                await store.append(stream, events, revision ?? 'no_stream');
                break;
              } catch (error) {
                if (!(error instanceof WrongExpectedRevisionError)) throw error;
              }
            }
          } else {
            await store.append(stream, events, 'any');
          }
          for (const event of events) appended.add(event.eventId);
        }
      };
      const bystander = async (): Promise<void> => {
        while (harness.writeAside && Date.now() < until) await harness.writeAside(30);
      };
      try {
        await Promise.all([...Array.from({ length: 8 }, (_, index) => writer(index)), bystander(), bystander()]);
        await eventually(() => (delivered.length >= appended.size ? true : undefined), 'the subscription to catch up');
      } finally {
        await subscription.stop();
      }
      expect(errors).toEqual([]);
      expect(delivered.length).toBe(appended.size);
      expect(new Set(ids(delivered))).toEqual(appended);
      const seen = await harness.checkpointPool.query<{ count: string }>('SELECT count(*) FROM contract_seen');
      expect(Number(seen.rows[0]?.count)).toBe(appended.size);
      const nextRevision = new Map<string, number>();
      for (const event of delivered) {
        expect(event.revision).toBe(nextRevision.get(event.streamId) ?? 0);
        nextRevision.set(event.streamId, event.revision + 1);
      }
      const positions = delivered.map((event) => event.logPosition);
      expect([...positions].sort(compareLogPositions)).toEqual(positions);
      if (harness.appendLate) expect(lateCommits).toBeGreaterThan(0);
      console.info(`[${name}] concurrency: ${appended.size} events, ${lateCommits} late commits provoked`);
    });
  });
}
