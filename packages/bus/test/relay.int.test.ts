import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import type { NewEvent, RecordedEvent } from '@siks/contracts';
import { testEvent } from '@siks/testing/events';
import { createPostgresEventStore, eventstoreMigrations } from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { busMigrations, createPostgresBus, RelayHeaders, startRelay, type Bus, type BusMessage } from '../src/index.ts';
import { eventually } from './eventually.ts';

const url = await useTestDatabase('bus_relay');
const pool = createPool({ url, max: 20, applicationName: 'bus-relay' });
await migrate(pool, [eventstoreMigrations, busMigrations]);
const store = createPostgresEventStore({ pool });
afterAll(async () => {
  await store.close();
  await pool.end();
});

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const event = (type: string, data: Record<string, unknown>, traceparent?: string): NewEvent =>
  testEvent({
    type,
    data,
    actor: { userId: 'operator-7', role: 'operator_desa', regionCode: '52.02.01.2001' },
    ...(traceparent ? { traceparent } : {}),
  });

/** A topic of its own per test, read from the beginning by a recording consumer. */
async function topicReader(context: TestContext, bus: Bus, topic: string) {
  await bus.ensureTopics([{ name: topic, partitions: 3 }]);
  const received: BusMessage[] = [];
  const consumer = await bus.consume({
    groupId: `reader-${topic}`,
    topics: [topic],
    fromBeginning: true,
    handle: async (messages) => void received.push(...messages),
  });
  context.onTestFinished(() => consumer.stop());
  return received;
}

const eventIds = (messages: readonly BusMessage[]): string[] => messages.map((m) => m.headers[RelayHeaders.eventId]!);

describe('relay', () => {
  it("forwards the service's streams in order, keyed by aggregate id, and wakes on appends", async (context) => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 200 });
    context.onTestFinished(() => bus.close());
    const received = await topicReader(context, bus, 'relay.forward.v1');
    const a = '0190a000-0000-7000-8000-00000000000a';
    const b = '0190b000-0000-7000-8000-00000000000b';
    await store.append(`fwd-proposal-${a}`, [event('Submitted', { n: 1 }, TRACEPARENT), event('Edited', { n: 2 })]);
    await store.append(`fwd-proposal-${b}`, [event('Submitted', { n: 3 })]);
    await store.append(`fwd-household-${a}`, [event('Registered', { n: 99 })]);
    await store.append(`fwd-proposal-${a}`, [event('Approved', { n: 4 })]);

    const relay = startRelay({
      store,
      bus,
      pool,
      relayId: 'forward',
      topic: 'relay.forward.v1',
      streamPrefixes: ['fwd-proposal-'],
      batchSize: 2,
      pollIntervalMs: 60_000,
    });
    context.onTestFinished(() => relay.stop());
    await relay.caughtUp();
    await eventually(() => expect(received).toHaveLength(4), 10_000);

    const ofA = received.filter((m) => m.key === a);
    expect(ofA.map((m) => (JSON.parse(m.value) as RecordedEvent).data['n'])).toEqual([1, 2, 4]);
    expect(received.filter((m) => m.key === b)).toHaveLength(1);
    const first = JSON.parse(ofA[0]!.value) as RecordedEvent;
    expect(first).toMatchObject({ streamId: `fwd-proposal-${a}`, revision: 0, type: 'Submitted' });
    expect(ofA[0]!.headers).toEqual({
      [RelayHeaders.eventId]: first.eventId,
      [RelayHeaders.eventType]: 'Submitted',
      [RelayHeaders.schemaVersion]: '1',
      [RelayHeaders.streamId]: `fwd-proposal-${a}`,
      [RelayHeaders.traceparent]: TRACEPARENT,
    });
    expect(ofA[1]!.headers[RelayHeaders.traceparent]).toBeUndefined();

    // Polling is set to a minute: this event arrives through the store's wake-up.
    await store.append(`fwd-proposal-${b}`, [event('Edited', { n: 5 })]);
    await eventually(() => expect(received).toHaveLength(5), 10_000);
    expect(received[4]).toMatchObject({ key: b });
  });

  it('resumes from its checkpoint after a restart, without publishing anything twice', async (context) => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 200 });
    context.onTestFinished(() => bus.close());
    const received = await topicReader(context, bus, 'relay.resume.v1');
    const options = { store, bus, pool, relayId: 'resume', topic: 'relay.resume.v1', streamPrefixes: ['res-'] };
    await store.append('res-1', [event('A', {}), event('B', {})]);
    const first = startRelay(options);
    await first.caughtUp();
    await first.stop();
    await store.append('res-1', [event('C', {})]);
    await store.append('res-2', [event('D', {})]);
    const second = startRelay(options);
    context.onTestFinished(() => second.stop());
    await second.caughtUp();
    await eventually(() => expect(received).toHaveLength(4), 10_000);
    expect(received.map((m) => m.headers[RelayHeaders.eventType])).toEqual(
      expect.arrayContaining(['A', 'B', 'C', 'D']),
    );
    expect(new Set(eventIds(received)).size).toBe(4);
    const lag = await bus.lag('reader-relay.resume.v1', ['relay.resume.v1']);
    expect(lag.reduce((sum, entry) => sum + Number(entry.endOffset), 0)).toBe(4);
  });

  it('re-publishes, never skips, when it crashes between publishing and checkpointing', async (context) => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 200 });
    context.onTestFinished(() => bus.close());
    const received = await topicReader(context, bus, 'relay.crash.v1');
    let crashes = 1;
    // The real bus publishes; the relay is then told the publish failed (as if it died there).
    const crashingBus: Bus = {
      ...bus,
      async publish(topic, messages) {
        await bus.publish(topic, messages);
        if (crashes-- > 0) throw new Error('crashed after publishing');
      },
    };
    await store.append('crash-1', [event('A', {}), event('B', {}), event('C', {})]);
    const errors: unknown[] = [];
    const relay = startRelay({
      store,
      bus: crashingBus,
      pool,
      relayId: 'crash',
      topic: 'relay.crash.v1',
      streamPrefixes: ['crash-'],
      batchSize: 2,
      pollIntervalMs: 50,
      onError: (error) => errors.push(error),
    });
    context.onTestFinished(() => relay.stop());
    await relay.caughtUp();
    await eventually(() => expect(received).toHaveLength(5), 10_000);
    expect(errors).toHaveLength(1);
    const types = received.map((m) => m.headers[RelayHeaders.eventType]);
    expect(types).toEqual(['A', 'B', 'A', 'B', 'C']);
    expect(new Set(eventIds(received)).size).toBe(3);
  });

  it('is caught up only once events the read horizon held back are published', async (context) => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 200 });
    context.onTestFinished(() => bus.close());
    const received = await topicReader(context, bus, 'relay.horizon.v1');
    const relay = startRelay({
      store,
      bus,
      pool,
      relayId: 'horizon',
      topic: 'relay.horizon.v1',
      streamPrefixes: ['hz-'],
      pollIntervalMs: 60_000,
    });
    context.onTestFinished(() => relay.stop());
    await relay.caughtUp();
    // An appender that took its transaction id first and has not committed yet: readers of the log
    // wait for it, so the event committed after it is withheld from the relay for now.
    const older = await pool.connect();
    let committed = false;
    try {
      await older.query('BEGIN');
      await older.query('SELECT eventstore.enter_append(), pg_current_xact_id()');
      await store.append('hz-1', [event('Withheld', {})]);
      const caughtUp = relay.caughtUp().then(() => committed);
      const early = await Promise.race([caughtUp, new Promise((resolve) => setTimeout(() => resolve('pending'), 300))]);
      expect(early).toBe('pending');
      expect(received).toEqual([]);
      await older.query('COMMIT');
      committed = true;
      // Resolved after the commit, with the withheld event published.
      expect(await caughtUp).toBe(true);
      await eventually(
        () => expect(received.map((m) => m.headers[RelayHeaders.eventType])).toEqual(['Withheld']),
        10_000,
      );
    } finally {
      if (!committed) await older.query('ROLLBACK');
      older.release();
    }
  });

  it('runs one relay per id: a second one stands by and takes over when the first stops', async (context) => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 200 });
    context.onTestFinished(() => bus.close());
    const received = await topicReader(context, bus, 'relay.standby.v1');
    const options = {
      store,
      bus,
      pool,
      relayId: 'standby',
      topic: 'relay.standby.v1',
      streamPrefixes: ['sb-'],
      pollIntervalMs: 50,
    };
    await store.append('sb-1', [event('A', {})]);
    const active = startRelay(options);
    await active.caughtUp();
    const standby = startRelay(options);
    context.onTestFinished(() => standby.stop());
    const standbyCaughtUp = standby.caughtUp();
    await store.append('sb-1', [event('B', {})]);
    await active.caughtUp();
    await active.stop();
    await standbyCaughtUp;
    await store.append('sb-1', [event('C', {})]);
    await standby.caughtUp();
    await eventually(() => expect(received).toHaveLength(3), 10_000);
    expect(received.map((m) => m.headers[RelayHeaders.eventType])).toEqual(['A', 'B', 'C']);
  });
});
