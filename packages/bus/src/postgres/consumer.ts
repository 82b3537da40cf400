import type { Pool } from '@siks/pg';
import { backoffDelay } from '../backoff.ts';
import { deliverPartition, deliveryDefaults, nextOffset, type FetchedMessage } from '../delivery.ts';
import { infrastructureFailure } from '../failure.ts';
import { fetchPartitions } from './fetch.ts';
import { isForGroup, type Consumer, type ConsumerOptions, type OutgoingMessage, type TopicPartition } from '../port.ts';
import { createWaker } from '../waker.ts';
import * as group from './group.ts';
import { GROUPS_CHANNEL, MESSAGES_CHANNEL, type Notifications } from './notify.ts';

export interface PostgresConsumerSettings {
  pool: Pool;
  memberId: string;
  notifications: Notifications;
  pollIntervalMs: number;
  sessionTimeoutMs: number;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  onError(error: unknown): void;
}

const nextOffsetAfter = (messages: readonly FetchedMessage[]): string => nextOffset(messages[messages.length - 1]!);

/**
 * One member of a consumer group on PostgreSQL. A heartbeat timer renews the membership and
 * the leases; the fetch loop rebalances (drops partitions it should no longer hold, takes the
 * free ones it should), then fetches from each held partition in turn, and sleeps until a
 * NOTIFY or the poll interval when there was nothing to do. When the database is away, each
 * step is retried after a growing pause (`infrastructureBackoff`) until it is back.
 */
export async function startPostgresConsumer(
  settings: PostgresConsumerSettings,
  options: ConsumerOptions,
): Promise<Consumer> {
  const { pool } = settings;
  const member: group.GroupMember = {
    groupId: options.groupId,
    memberId: settings.memberId,
    topics: [...options.topics],
    sessionTimeoutMs: settings.sessionTimeoutMs,
  };
  const maxBatchSize = options.maxBatchSize ?? deliveryDefaults.maxBatchSize;
  const held = new Map<string, TopicPartition>();
  const positions = new Map<string, string>();
  const waker = createWaker();
  // Retry pauses end early only when the member stops: NOTIFYs must not shorten a backoff.
  const stopSignal = createWaker();
  const pause = (ms: number): Promise<void> => (stopped ? Promise.resolve() : stopSignal.wait(ms));
  let stopped = false;
  let rebalanceDue = true;
  const heartbeatMs = Math.max(Math.floor(settings.sessionTimeoutMs / 3), 10);

  const drop = (tp: TopicPartition): void => {
    held.delete(group.tpKey(tp));
    positions.delete(group.tpKey(tp));
  };

  async function beat(): Promise<void> {
    const renewed = new Set((await group.heartbeat(pool, member)).map(group.tpKey));
    for (const tp of [...held.values()]) if (!renewed.has(group.tpKey(tp))) drop(tp);
    rebalanceDue = true;
  }

  async function rebalance(): Promise<void> {
    rebalanceDue = false;
    const desired = await group.desiredAssignment(pool, member);
    const desiredKeys = new Set(desired.map(group.tpKey));
    const surplus = [...held.values()].filter((tp) => !desiredKeys.has(group.tpKey(tp)));
    surplus.forEach(drop);
    await group.release(pool, member, surplus);
    const missing = desired.filter((tp) => !held.has(group.tpKey(tp)));
    for (const tp of await group.acquire(pool, member, missing)) {
      held.set(group.tpKey(tp), tp);
      positions.set(group.tpKey(tp), await group.startingOffset(pool, member, tp, options.fromBeginning ?? false));
    }
  }

  /**
   * One round over every held partition: at most one batch (`maxBatchSize`) in one handler call
   * and one commit (each partition's run in order, one after the other). One fetch probes every
   * partition for its share of a batch; when that brought less than half a batch while some
   * partitions had more than their share waiting, a second fetch shares what is left of the
   * batch among those. A consumer behind on a few partitions thus gets full batches, and one
   * behind on many gets them in one call instead of a call per partition. When the call fails:
   * partition by partition, with retries and dead letters (`deliverPartition`).
   */
  async function pollOnce(): Promise<boolean> {
    const targets = [...held.values()].flatMap((tp) => {
      const from = positions.get(group.tpKey(tp));
      return from === undefined ? [] : [{ ...tp, from }];
    });
    if (stopped || targets.length === 0) return false;
    const share = Math.max(1, Math.floor(maxBatchSize / targets.length));
    const fetched = (await fetchPartitions(pool, targets, share)).filter((messages) => messages.length > 0);
    if (fetched.length === 0) return false;
    const total = fetched.reduce((sum, messages) => sum + messages.length, 0);
    const behind = fetched.filter((messages) => messages.length >= share);
    const rest = behind.length === 0 ? 0 : Math.floor((maxBatchSize - total) / behind.length);
    if (total * 2 < maxBatchSize && rest > 0) {
      const more = await fetchPartitions(
        pool,
        behind.map((head) => ({ topic: head[0]!.topic, partition: head[0]!.partition, from: nextOffsetAfter(head) })),
        rest,
      );
      behind.forEach((head, i) => head.push(...more[i]!));
    }
    await deliverAll(fetched);
    return true;
  }

  /** The runs of several partitions in one handler call; when it fails, each partition on its own, to find the message that fails. */
  async function deliverAll(fetched: readonly (readonly FetchedMessage[])[]): Promise<void> {
    if (fetched.length === 1) await deliverHeld(fetched[0]!, 0);
    else if (fetched.length > 1 && !(await deliverTogether(fetched))) {
      for (const messages of fetched) await deliverHeld(messages, 1);
    }
  }

  /**
   * One handler call and one commit for the messages of several partitions; false when the
   * handler failed. A failure of the infrastructure is thrown: the run loop backs off and
   * fetches again.
   */
  async function deliverTogether(fetched: readonly (readonly FetchedMessage[])[]): Promise<boolean> {
    if (stopped) return false;
    const handedOut = fetched.flat().filter((message) => isForGroup(message, member.groupId));
    try {
      if (handedOut.length > 0) await options.handle(handedOut.map((message) => ({ ...message, attempt: 1 })));
    } catch (error) {
      if (infrastructureFailure(error) !== undefined) throw error;
      return false;
    }
    const commits = fetched.map((messages) => {
      const { topic, partition } = messages[0]!;
      return { tp: { topic, partition }, nextOffset: nextOffsetAfter(messages) };
    });
    await group.commitMany(pool, member, commits);
    for (const { tp, nextOffset } of commits) {
      const key = group.tpKey(tp);
      if (held.has(key)) positions.set(key, nextOffset);
    }
    return true;
  }

  async function deliverHeld(messages: readonly FetchedMessage[], attemptsBefore: number): Promise<void> {
    const tp = { topic: messages[0]!.topic, partition: messages[0]!.partition };
    const key = group.tpKey(tp);
    if (stopped || !held.has(key)) return;
    const done = await deliverPartition(
      messages,
      {
        groupId: member.groupId,
        handle: options.handle,
        maxAttempts: options.maxAttempts ?? deliveryDefaults.maxAttempts,
        maxBatchSize,
        retryDelayMs: options.retryDelayMs ?? deliveryDefaults.retryDelayMs,
        ...(options.infrastructureBackoff ? { infrastructureBackoff: options.infrastructureBackoff } : {}),
        onInfrastructureFailure: settings.onError,
        deadLetter: (topic, message) => settings.publish(topic, [message]),
        commit: async (next) => {
          await group.commit(pool, member, tp, next);
          if (held.has(key)) positions.set(key, next);
        },
        isActive: () => !stopped && held.has(key),
        sleep: pause,
        now: () => new Date(),
      },
      attemptsBefore,
    );
    if (done < messages.length) rebalanceDue = true;
  }

  /** Fetch rounds until stopped; after an error (the database is away), a growing pause, then a rebalance. */
  async function run(): Promise<void> {
    let failuresInARow = 0;
    while (!stopped) {
      try {
        if (rebalanceDue) await rebalance();
        const busy = await pollOnce();
        failuresInARow = 0;
        if (!busy && !stopped) await waker.wait(settings.pollIntervalMs);
      } catch (error) {
        rebalanceDue = true;
        if (error instanceof group.LeaseLostError) {
          // A group change (NOTIFY) may end this wait: the partitions are being dealt anew.
          if (!stopped) await waker.wait(settings.pollIntervalMs);
          continue;
        }
        settings.onError(error);
        failuresInARow += 1;
        await pause(backoffDelay(failuresInARow, options.infrastructureBackoff));
      }
    }
  }

  const unsubscribe = await settings.notifications.subscribe((channel, payload) => {
    if (channel === MESSAGES_CHANNEL && member.topics.includes(payload)) waker.wake();
    if (channel === GROUPS_CHANNEL && payload === member.groupId) {
      rebalanceDue = true;
      waker.wake();
    }
  });
  await group.heartbeat(pool, member);
  await group.announce(pool, member);
  let beating: Promise<void> | undefined;
  const timer = setInterval(() => {
    beating ??= beat()
      .catch(settings.onError)
      .finally(() => (beating = undefined));
  }, heartbeatMs);
  const running = run();
  let stopping: Promise<void> | undefined;

  return {
    assignment: () => [...held.values()].map((tp) => ({ ...tp })),
    stop() {
      stopping ??= (async () => {
        stopped = true;
        waker.wake();
        stopSignal.wake();
        await running;
        clearInterval(timer);
        await beating;
        unsubscribe();
        held.clear();
        await group.leave(pool, member).catch(settings.onError);
      })();
      return stopping;
    },
  };
}
