import pg from 'pg';
import { describe, it, type TestContext } from 'vitest';
import { freePort } from '@siks/testing';
import {
  DeadLetterHeaders,
  deadLetterTopic,
  partitionForKey,
  type Bus,
  type BusMessage,
  type Consumer,
  type ConsumerOptions,
  type TopicSpec,
} from '../src/index.ts';
import { eventually } from './eventually.ts';

/** The topics the contract suite uses; a Kafka mock cluster must be started with them. */
export function contractTopics(runId: string) {
  const name = (what: string): string => `contract.${what}.${runId}`;
  return {
    ordering: { name: name('ordering'), partitions: 3 },
    sharing: { name: name('sharing'), partitions: 4 },
    resume: { name: name('resume'), partitions: 2 },
    replay: { name: name('replay'), partitions: 2 },
    deadLetter: { name: name('dead-letter'), partitions: 1 },
    lag: { name: name('lag'), partitions: 2 },
    outage: { name: name('outage'), partitions: 1 },
    values: { name: name('values'), partitions: 1 },
  } satisfies Record<string, TopicSpec>;
}

/** Every topic of the suite with its dead-letter topic (the mock cluster's start list). */
export function contractTopicSpecs(runId: string): TopicSpec[] {
  return Object.values(contractTopics(runId)).flatMap((spec) => [
    spec,
    { name: deadLetterTopic(spec.name), partitions: spec.partitions },
  ]);
}

export interface BusContractOptions {
  /** Makes a new bus on the system under test (one per simulated process). */
  makeBus: () => Promise<Bus>;
  /** Makes topic and group names unique (a real Kafka cluster keeps them between runs). */
  runId: string;
  /** Longest wait for a delivery or a rebalance. */
  waitMs: number;
}

const values = (messages: readonly { value: string }[]): string[] => messages.map((message) => message.value);

/** The Bus contract (DESIGN.md §5); both adapters must pass it. */
export function busContract(name: string, options: BusContractOptions): void {
  describe.concurrent(`Bus contract: ${name}`, () => {
    const topics = contractTopics(options.runId);
    const group = (what: string): string => `contract.${what}.${options.runId}`;

    /** A new bus, closed when the test that asked for it ends (tests run concurrently). */
    async function newBus(context: TestContext): Promise<Bus> {
      const bus = await options.makeBus();
      context.onTestFinished(() => bus.close());
      return bus;
    }

    /** Starts a consumer that records what it handles. */
    async function record(
      bus: Bus,
      consumer: Omit<ConsumerOptions, 'handle'> & { handle?: ConsumerOptions['handle'] },
    ): Promise<{ consumer: Consumer; received: BusMessage[] }> {
      const received: BusMessage[] = [];
      const started = await bus.consume({
        ...consumer,
        handle: async (messages) => {
          await consumer.handle?.(messages);
          received.push(...messages);
        },
      });
      return { consumer: started, received };
    }

    const assigned = (consumer: Consumer): number => consumer.assignment().length;
    const wait = (check: () => void | Promise<void>): Promise<void> => eventually(check, options.waitMs);

    it('keeps the order of each key on one partition, placed as Kafka places it', async (context) => {
      const { expect } = context;
      const bus = await newBus(context);
      await bus.ensureTopics([topics.ordering]);
      const keys = ['household-1', 'household-2', 'household-3', 'household-4', 'household-5'];
      for (let round = 0; round < 4; round++) {
        await bus.publish(
          topics.ordering.name,
          keys.flatMap((key) =>
            [0, 1].map((i) => ({ key, value: `${key}:${round * 2 + i}`, headers: { round: `${round}` } })),
          ),
        );
      }
      const { received } = await record(bus, {
        groupId: group('ordering'),
        topics: [topics.ordering.name],
        fromBeginning: true,
        maxBatchSize: 3,
      });
      await wait(() => expect(received).toHaveLength(40));
      for (const key of keys) {
        const ofKey = received.filter((message) => message.key === key);
        expect(values(ofKey)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `${key}:${i}`));
        expect(new Set(ofKey.map((message) => message.partition))).toEqual(
          new Set([partitionForKey(key, topics.ordering.partitions)]),
        );
      }
      for (let partition = 0; partition < topics.ordering.partitions; partition++) {
        const offsets = received.filter((message) => message.partition === partition).map((m) => Number(m.offset));
        expect(offsets).toEqual(offsets.map((_, i) => i));
      }
      const first = received.find((message) => message.value === 'household-1:0')!;
      expect(first).toMatchObject({
        topic: topics.ordering.name,
        key: 'household-1',
        attempt: 1,
        headers: { round: '0' },
      });
      expect(Number.isNaN(Date.parse(first.timestamp))).toBe(false);
    });

    it('shares partitions among the members of a group and rebalances when one stops', async (context) => {
      const { expect } = context;
      const topic = topics.sharing;
      const [busA, busB] = [await newBus(context), await newBus(context)];
      await busA.ensureTopics([topic]);
      const consume = { groupId: group('sharing'), topics: [topic.name], fromBeginning: true };
      const a = await record(busA, consume);
      await wait(() => expect(assigned(a.consumer)).toBe(topic.partitions));
      const b = await record(busB, consume);
      await wait(() => {
        expect(assigned(a.consumer)).toBeGreaterThan(0);
        expect(assigned(b.consumer)).toBeGreaterThan(0);
        expect(assigned(a.consumer) + assigned(b.consumer)).toBe(topic.partitions);
      });
      const owned = [...a.consumer.assignment(), ...b.consumer.assignment()].map((tp) => tp.partition);
      expect(owned.sort()).toEqual([0, 1, 2, 3]);

      const first = Array.from({ length: 40 }, (_, i) => ({ key: `key-${i}`, value: `first-${i}` }));
      await busA.publish(topic.name, first);
      const union = (): Set<string> => new Set([...values(a.received), ...values(b.received)]);
      await wait(() => expect(union().size).toBe(40));
      expect(a.received.length).toBeGreaterThan(0);
      expect(b.received.length).toBeGreaterThan(0);
      const partitionsOf = (messages: BusMessage[]): Set<number> => new Set(messages.map((m) => m.partition));
      for (const partition of partitionsOf(a.received)) expect(partitionsOf(b.received).has(partition)).toBe(false);

      await b.consumer.stop();
      await wait(() => expect(assigned(a.consumer)).toBe(topic.partitions));
      const second = Array.from({ length: 40 }, (_, i) => ({ key: `key-${i}`, value: `second-${i}` }));
      await busA.publish(topic.name, second);
      await wait(() => expect(union().size).toBe(80));
      expect([...union()].sort()).toEqual([...values(first), ...values(second)].sort());
    });

    it('resumes after a restart from the committed offsets, without re-delivery', async (context) => {
      const { expect } = context;
      const topic = topics.resume;
      const bus = await newBus(context);
      await bus.ensureTopics([topic]);
      const old = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `old-${i}` }));
      await bus.publish(topic.name, old);
      const consume = { groupId: group('resume'), topics: [topic.name], fromBeginning: true };
      const before = await record(bus, consume);
      await wait(() => expect(before.received).toHaveLength(10));
      await before.consumer.stop();

      const fresh = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: `new-${i}` }));
      await bus.publish(topic.name, fresh);
      const restarted = await newBus(context);
      const after = await record(restarted, consume);
      await wait(async () => {
        expect(new Set(values(after.received))).toEqual(new Set(values(fresh)));
        const lag = await restarted.lag(consume.groupId, [topic.name]);
        expect(lag.map((entry) => entry.lag)).toEqual([0, 0]);
      });
      expect(values(after.received).sort()).toEqual(values(fresh).sort());
    });

    it('carries every value and header as published: JSON, quotes, backslashes, control characters, empty', async (context) => {
      const { expect } = context;
      const topic = topics.values;
      const bus = await newBus(context);
      await bus.ensureTopics([topic]);
      const json = JSON.stringify({ say: 'a "quoted" word', path: 'C:\\dir', line: 'one\ntwo', ok: true });
      const batches = [
        // Values that can travel joined, and batches each with one that cannot.
        [json, '{"a":[1,2,3]}', 'plain text, ümlaut, 漢字'],
        ['before', 'a\u0001b', 'after'],
        [''],
        ['x', '', '\u0001'],
      ];
      const published = batches.flatMap((batch, b) =>
        batch.map((value, i) => ({
          key: 'one-key',
          value,
          headers: { 'event-id': `e-${b}-${i}`, note: 'say "hi"\\' },
        })),
      );
      // One publish per batch.
      for (const b of batches.keys()) {
        await bus.publish(
          topic.name,
          published.filter((message) => message.headers['event-id'].startsWith(`e-${b}-`)),
        );
      }
      const reader = await record(bus, { groupId: group('values'), topics: [topic.name], fromBeginning: true });
      await wait(() => expect(reader.received).toHaveLength(published.length));
      expect(
        reader.received.map((message) => ({ key: message.key, value: message.value, headers: message.headers })),
      ).toEqual(published.map((message) => ({ ...message, headers: expect.objectContaining(message.headers) })));
    });

    it('replays everything for a new group from the beginning; without it, a new group starts at the end', async (context) => {
      const { expect } = context;
      const topic = topics.replay;
      const bus = await newBus(context);
      await bus.ensureTopics([topic]);
      const all = Array.from({ length: 12 }, (_, i) => ({ key: `k${i % 5}`, value: `m-${i}` }));
      await bus.publish(topic.name, all);
      const first = await record(bus, { groupId: group('replay-1'), topics: [topic.name], fromBeginning: true });
      await wait(() => expect(first.received).toHaveLength(12));
      await first.consumer.stop();
      const second = await record(bus, { groupId: group('replay-2'), topics: [topic.name], fromBeginning: true });
      await wait(() => expect(second.received).toHaveLength(12));
      expect(values(second.received).sort()).toEqual(values(all).sort());

      // A new group without fromBeginning starts at the end.
      const latest = await record(bus, { groupId: group('replay-latest'), topics: [topic.name] });
      await wait(() => expect(assigned(latest.consumer)).toBe(topic.partitions));
      const later = Array.from({ length: 4 }, (_, i) => ({ key: `k${i}`, value: `later-${i}` }));
      await bus.publish(topic.name, later);
      await wait(async () => {
        expect(latest.received).toHaveLength(4);
        const lag = await bus.lag(group('replay-latest'), [topic.name]);
        expect(lag.map((entry) => entry.lag)).toEqual([0, 0]);
      });
      expect(values(latest.received).sort()).toEqual(values(later).sort());
    });

    it('dead-letters a message that keeps failing, keeps the error, and delivers the next ones', async (context) => {
      const { expect } = context;
      const topic = topics.deadLetter;
      const bus = await newBus(context);
      await bus.ensureTopics([topic]);
      const attemptsOfPoison: number[] = [];
      const main = await record(bus, {
        groupId: group('dead-letter'),
        topics: [topic.name],
        fromBeginning: true,
        maxAttempts: 3,
        retryDelayMs: 10,
        handle: async (messages) => {
          const poison = messages.find((message) => message.value === 'poison');
          if (!poison) return;
          attemptsOfPoison.push(poison.attempt);
          throw new Error('handler rejects this message');
        },
      });
      await wait(() => expect(assigned(main.consumer)).toBe(1));
      await bus.publish(topic.name, [
        { key: 'case-1', value: 'before' },
        { key: 'case-1', value: 'poison', headers: { 'event-id': 'e-2' } },
        { key: 'case-1', value: 'after-1' },
        { key: 'case-1', value: 'after-2' },
      ]);
      await wait(() => expect(values(main.received)).toEqual(['before', 'after-1', 'after-2']));
      expect(Math.max(...attemptsOfPoison)).toBe(3);

      const dead = await record(bus, {
        groupId: group('dead-letter-reader'),
        topics: [deadLetterTopic(topic.name)],
        fromBeginning: true,
      });
      await wait(() => expect(dead.received).toHaveLength(1));
      const letter = dead.received[0]!;
      const poisonOffset = Number(main.received[0]!.offset) + 1;
      expect(letter).toMatchObject({ topic: deadLetterTopic(topic.name), key: 'case-1', value: 'poison' });
      expect(letter.headers).toMatchObject({
        'event-id': 'e-2',
        [DeadLetterHeaders.topic]: topic.name,
        [DeadLetterHeaders.partition]: '0',
        [DeadLetterHeaders.offset]: String(poisonOffset),
        [DeadLetterHeaders.attempts]: '3',
        [DeadLetterHeaders.groupId]: group('dead-letter'),
      });
      expect(letter.headers[DeadLetterHeaders.error]).toContain('handler rejects this message');
      await wait(async () => {
        const lag = await bus.lag(group('dead-letter'), [topic.name]);
        expect(lag).toEqual([
          expect.objectContaining({ partition: 0, lag: 0, committedOffset: String(poisonOffset + 3) }),
        ]);
      });
    });

    it('retries a handler whose database is unreachable, uncounted, and dead-letters only the poison', async (context) => {
      const { expect } = context;
      const topic = topics.outage;
      const bus = await newBus(context);
      await bus.ensureTopics([topic]);
      // A real refused connection: nothing listens on this port while the "database" is down.
      const deadPort = await freePort();
      let down = true;
      let triesWhileDown = 0;
      const main = await record(bus, {
        groupId: group('outage'),
        topics: [topic.name],
        fromBeginning: true,
        maxAttempts: 2,
        retryDelayMs: 10,
        infrastructureBackoff: { initialDelayMs: 20, maxDelayMs: 200 },
        handle: async (messages) => {
          if (down) {
            triesWhileDown += 1;
            await new pg.Client({ host: '127.0.0.1', port: deadPort, user: 'siks', database: 'siks' }).connect();
          }
          if (messages.some((message) => message.value === 'poison')) throw new Error('handler rejects this message');
        },
      });
      await wait(() => expect(assigned(main.consumer)).toBe(1));
      await bus.publish(topic.name, [
        { key: 'case-1', value: 'before' },
        { key: 'case-1', value: 'poison' },
        { key: 'case-1', value: 'after' },
      ]);
      // Many more failures than maxAttempts, none of them counted.
      await wait(() => expect(triesWhileDown).toBeGreaterThanOrEqual(6));
      expect(main.received).toEqual([]);
      down = false;
      await wait(() => expect(values(main.received)).toEqual(['before', 'after']));

      const dead = await record(bus, {
        groupId: group('outage-reader'),
        topics: [deadLetterTopic(topic.name)],
        fromBeginning: true,
      });
      await wait(() => expect(values(dead.received)).toEqual(['poison']));
      expect(dead.received[0]!.headers).toMatchObject({
        [DeadLetterHeaders.attempts]: '2',
        [DeadLetterHeaders.error]: 'Error: handler rejects this message',
      });
    });

    it('reports the lag of a group per partition', async (context) => {
      const { expect } = context;
      const topic = topics.lag;
      const bus = await newBus(context);
      await bus.ensureTopics([topic]);
      const groupId = group('lag');
      const messages = Array.from({ length: 9 }, (_, i) => ({ key: `key-${i}`, value: `v${i}` }));
      await bus.publish(topic.name, messages);
      const perPartition = [0, 1].map(
        (partition) => messages.filter((m) => partitionForKey(m.key, topic.partitions) === partition).length,
      );

      const before = await bus.lag(groupId, [topic.name]);
      expect(before).toEqual(
        [0, 1].map((partition) => ({
          groupId,
          topic: topic.name,
          partition,
          committedOffset: '-1',
          endOffset: String(perPartition[partition]),
          lag: perPartition[partition],
        })),
      );

      const { consumer, received } = await record(bus, { groupId, topics: [topic.name], fromBeginning: true });
      await wait(() => expect(received).toHaveLength(9));
      await consumer.stop();
      await wait(async () => {
        const after = await bus.lag(groupId, [topic.name]);
        expect(after.map((entry) => [entry.committedOffset, entry.endOffset, entry.lag])).toEqual(
          perPartition.map((count) => [String(count), String(count), 0]),
        );
      });
      await bus.publish(topic.name, [{ key: 'key-0', value: 'late' }]);
      const late = await bus.lag(groupId, [topic.name]);
      expect(late.reduce((sum, entry) => sum + entry.lag, 0)).toBe(1);
      expect(late.find((entry) => entry.partition === partitionForKey('key-0', topic.partitions))?.lag).toBe(1);
    });
  });
}
