import { startDeadLetterSeries } from './bus-metrics.ts';
import type { Bus, Consumer, GroupLag } from './port.ts';

/** Progress of one consumer group on one topic, as of a sample. */
export interface GroupProgress {
  groupId: string;
  topic: string;
  /** Messages published and not yet committed by the group, over the topic's partitions. */
  lag: number;
  /** How long the group has had messages waiting on a partition whose offset did not move (0 when none). */
  stuckForMs: number;
}

/** Thresholds of `/health/ready` (0 turns a threshold off). */
export interface ConsumerThresholds {
  /** A group further behind than this many messages on a topic makes the service not ready. */
  maxLag: number;
  /** A group whose offset stood still this long while messages waited makes it not ready. */
  stuckAfterMs: number;
}

/** The readiness of one consumer group, shaped as a `/health/ready` check. */
export interface ConsumerCheck {
  name: string;
  ok: boolean;
  /** `behind` or `stuck`: a code, never a message. */
  detail?: string;
}

export interface ConsumerWatch {
  /** The bus to consume from: its consumers are the ones watched. */
  readonly bus: Bus;
  /** Reads the lag of every running consumer group now; notes when each partition last moved. */
  sample(): Promise<GroupProgress[]>;
  /** One check per running group: behind or stuck by `thresholds`, read from a fresh sample. */
  check(thresholds: ConsumerThresholds): Promise<ConsumerCheck[]>;
}

interface Moved {
  /** Where the lag counted from when last seen (endOffset − lag). */
  position: string;
  since: number;
}

/**
 * Watches the consumer groups started on `bus` (while they run) for `/health/ready` and the lag
 * metrics: a group is behind when more messages wait than a threshold, stuck when messages wait
 * on a partition whose committed offset has not moved for a while (a handler that hangs, a
 * member that lost its partitions, a database that refuses its writes).
 */
export function watchConsumers(inner: Bus, now: () => number = Date.now): ConsumerWatch {
  const running = new Map<Consumer, { groupId: string; topics: readonly string[] }>();
  const moved = new Map<string, Moved>();

  const bus: Bus = {
    get handlerMayCommitAsynchronously() {
      return inner.handlerMayCommitAsynchronously;
    },
    ensureTopics: (topics) => inner.ensureTopics(topics),
    publish: (topic, messages) => inner.publish(topic, messages),
    async consume(options) {
      const consumer = await inner.consume(options);
      startDeadLetterSeries(options.groupId, options.topics);
      running.set(consumer, { groupId: options.groupId, topics: options.topics });
      return {
        assignment: () => consumer.assignment(),
        stop: async () => {
          running.delete(consumer);
          await consumer.stop();
        },
      };
    },
    lag: (groupId, topics) => inner.lag(groupId, topics),
    close: () => inner.close(),
  };

  function progressOf(lags: readonly GroupLag[], at: number): GroupProgress[] {
    const byTopic = new Map<string, GroupProgress>();
    for (const lag of lags) {
      const key = `${lag.groupId}\u0000${lag.topic}\u0000${lag.partition}`;
      const last = moved.get(key);
      // Where the lag counts from, not the committed offset itself: a group with nothing
      // committed counts from the start (0 here, the low watermark on Kafka), and a member taking
      // the partition commits that same start. Seen as progress, that reset the stuck clock of a
      // group whose first handler hangs (a CI run caught it when the partition was taken late).
      const position = (BigInt(lag.endOffset) - BigInt(lag.lag)).toString();
      if (!last || last.position !== position) moved.set(key, { position, since: at });
      const since = moved.get(key)!.since;
      const progress = byTopic.get(lag.topic) ?? { groupId: lag.groupId, topic: lag.topic, lag: 0, stuckForMs: 0 };
      progress.lag += lag.lag;
      if (lag.lag > 0) progress.stuckForMs = Math.max(progress.stuckForMs, at - since);
      byTopic.set(lag.topic, progress);
    }
    return [...byTopic.values()];
  }

  async function sample(): Promise<GroupProgress[]> {
    const groups = new Map<string, readonly string[]>();
    for (const { groupId, topics } of running.values()) groups.set(groupId, topics);
    const at = now();
    const all = await Promise.all(
      [...groups].map(async ([groupId, topics]) => progressOf(await inner.lag(groupId, topics), at)),
    );
    return all.flat();
  }

  return {
    bus,
    sample,
    async check(thresholds) {
      const byGroup = new Map<string, ConsumerCheck>();
      for (const progress of await sample()) {
        const name = `consumer:${progress.groupId}`;
        const check = byGroup.get(name) ?? { name, ok: true };
        if (thresholds.stuckAfterMs > 0 && progress.stuckForMs >= thresholds.stuckAfterMs) {
          Object.assign(check, { ok: false, detail: 'stuck' });
        } else if (check.ok && thresholds.maxLag > 0 && progress.lag > thresholds.maxLag) {
          Object.assign(check, { ok: false, detail: 'behind' });
        }
        byGroup.set(name, check);
      }
      return [...byGroup.values()];
    },
  };
}
