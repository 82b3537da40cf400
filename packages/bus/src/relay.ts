import type { RecordedEvent } from '@siks/contracts';
import { compareLogPositions, type EventStore } from '@siks/eventstore';
import type { Pool, PoolClient } from '@siks/pg';
import type { Bus, OutgoingMessage } from './port.ts';
import { forgetRelay, recordRelayRound } from './bus-metrics.ts';
import { endSpans, startPublishSpans, traceparentOf } from './tracing.ts';
import { createWaker } from './waker.ts';

/** Headers of a relayed event (its value is the whole RecordedEvent as JSON). */
export const RelayHeaders = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  streamId: 'stream-id',
  traceparent: 'traceparent',
} as const;

export interface RelayOptions {
  store: EventStore;
  bus: Bus;
  /** Database with the `bus` schema: the checkpoint lives in `bus.relay_checkpoints`. */
  pool: Pool;
  /** Names the checkpoint; one relay per id runs at a time, others stand by. */
  relayId: string;
  topic: string;
  /** The service's streams, e.g. ['proposal-']. */
  streamPrefixes: readonly string[];
  /** Events read and published per round (default 500; rounds are smaller when not behind). */
  batchSize?: number;
  /** Longest sleep when no append wakes it, and the pause after an error (default 1000 ms). */
  pollIntervalMs?: number;
  /** Errors it recovers from by retrying (publish failed, database gone); default: ignored. */
  onError?: (error: unknown) => void;
}

export interface Relay {
  /**
   * Resolves when every event of the relay's streams committed before this call is published
   * and checkpointed: a pass that started after the call found no more events, and the
   * checkpoint has reached the store's `lastPosition` as it was at the call. (An empty pass alone
   * is no proof: the store's read horizon can hold an event back for a moment while an older
   * transaction commits.) A standby relay resolves only once it has taken over.
   */
  caughtUp(): Promise<void>;
  /** Finishes the round in hand, then stops (and lets a standby relay take over). */
  stop(): Promise<void>;
}

/**
 * The aggregate id used as message key: the stream id without the longest of `prefixes` it
 * starts with ('proposal-0190…' → '0190…'); the whole stream id when none matches or nothing
 * would remain.
 */
export function aggregateKey(streamId: string, prefixes: readonly string[]): string {
  const prefix = [...prefixes].sort((a, b) => b.length - a.length).find((p) => streamId.startsWith(p));
  const key = prefix === undefined ? streamId : streamId.slice(prefix.length);
  return key === '' ? streamId : key;
}

/**
 * The message of a relayed event. Its `traceparent` header is `traceparent` when given (the
 * relay's publish span, so consumers continue the trace under it), else the event's own.
 */
export function relayMessage(event: RecordedEvent, prefixes: readonly string[], traceparent?: string): OutgoingMessage {
  const headers: Record<string, string> = {
    [RelayHeaders.eventId]: event.eventId,
    [RelayHeaders.eventType]: event.type,
    [RelayHeaders.schemaVersion]: String(event.schemaVersion),
    [RelayHeaders.streamId]: event.streamId,
  };
  const parent = traceparent ?? event.metadata.traceparent;
  if (parent) headers[RelayHeaders.traceparent] = parent;
  return { key: aggregateKey(event.streamId, prefixes), value: JSON.stringify(event), headers };
}

/** How soon a relay looks again when a caller waits for an event the read horizon holds back. */
const HELD_BACK_RETRY_MS = 20;

const lockSql = `hashtextextended('siks.bus.relay:' || $1, 0)`;

/**
 * Forwards a service's streams from the event store's global log to its topic, keyed by
 * aggregate id, in log order. The checkpoint is stored after each publish succeeds, so a crash
 * re-publishes at most one batch (at-least-once: consumers dedupe by event id) and skips
 * nothing. A session advisory lock on a held connection keeps one relay per id running.
 */
export function startRelay(options: RelayOptions): Relay {
  const { store, bus, pool, relayId, topic, streamPrefixes } = options;
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const onError = options.onError ?? (() => undefined);
  const waker = createWaker();
  let stopped = false;
  let passesStarted = 0;
  const waiters: { pass: number; target: string; resolve: () => void }[] = [];

  /** Resolves the waiters this pass satisfies; true when some wait on (the horizon held back). */
  function reachedEnd(pass: number, position: string): boolean {
    for (const waiter of waiters.filter((w) => w.pass <= pass && compareLogPositions(position, w.target) >= 0)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    return waiters.some((w) => w.pass <= pass);
  }

  async function lock(client: PoolClient): Promise<boolean> {
    while (!stopped) {
      const got = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${lockSql}) AS ok`, [relayId]);
      if (got.rows[0]?.ok) return true;
      await waker.wait(pollIntervalMs);
    }
    return false;
  }

  /** Publishes a page of events, each in a span of the trace of the request that appended it. */
  async function publish(events: readonly RecordedEvent[]): Promise<void> {
    const spans = startPublishSpans(
      topic,
      events.map((event) => ({ eventId: event.eventId, type: event.type, traceparent: event.metadata.traceparent })),
    );
    try {
      await bus.publish(
        topic,
        events.map((event, index) => relayMessage(event, streamPrefixes, traceparentOf(spans[index]!))),
      );
    } catch (error) {
      endSpans(spans, error);
      throw error;
    }
    endSpans(spans);
  }

  async function relay(client: PoolClient): Promise<void> {
    const stored = await client.query<{ position: string }>(
      'SELECT position FROM bus.relay_checkpoints WHERE relay_id = $1',
      [relayId],
    );
    let position = stored.rows[0]?.position ?? '';
    while (!stopped) {
      const pass = ++passesStarted;
      const { events, next } = await store.readAllPage({ after: position, streamPrefixes, maxCount: batchSize });
      if (events.length > 0) await publish(events);
      recordRelayRound(relayId, topic, events.length, events[0]?.recordedAt);
      // Past other services' events too, so the next read does not scan them again.
      if (next !== position) {
        position = next;
        await client.query(
          `INSERT INTO bus.relay_checkpoints (relay_id, position) VALUES ($1, $2)
           ON CONFLICT (relay_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
          [relayId, position],
        );
      }
      if (events.length < batchSize) {
        // A waiter whose target the horizon still withholds: look again soon, not at the next poll.
        const held = reachedEnd(pass, position);
        await waker.wait(held ? Math.min(HELD_BACK_RETRY_MS, pollIntervalMs) : pollIntervalMs);
      }
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let client: PoolClient | undefined;
      let broken = false;
      try {
        client = await pool.connect();
        client.on('error', onError);
        if (await lock(client)) await relay(client);
      } catch (error) {
        broken = true;
        onError(error);
        if (!stopped) await waker.wait(pollIntervalMs);
      } finally {
        if (client) {
          // Ending a session frees its advisory locks; a healthy one unlocks and is reused.
          if (!broken) await client.query(`SELECT pg_advisory_unlock_all()`).catch(() => (broken = true));
          client.release(broken);
        }
      }
    }
  }

  let unlisten: Promise<() => Promise<void>> | undefined = store.onAppended(() => waker.wake(), { streamPrefixes });
  unlisten.catch(onError);
  const running = run();
  let stopping: Promise<void> | undefined;

  return {
    async caughtUp() {
      if (stopped) throw new Error(`relay ${relayId} is stopped`);
      const pass = passesStarted + 1;
      const target = await store.lastPosition({ streamPrefixes });
      return new Promise((resolve) => {
        waiters.push({ pass, target, resolve });
        waker.wake();
      });
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        waker.wake();
        await running;
        forgetRelay(relayId);
        const pending = unlisten;
        unlisten = undefined;
        await (
          await pending?.catch(() => undefined)
        )?.();
      })();
      return stopping;
    },
  };
}
