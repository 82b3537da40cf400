import type { NewEvent, RecordedEvent } from '@siks/contracts';
import type { KurrentDBClient, Position } from '@kurrent/kurrentdb-client';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.ts';
import type { AppendResult, EventStore, ExpectedRevision } from '../port.ts';
import { KurrentListener } from './listener.ts';
import { fromKurrentEvent, isAfter, SCHEMA_VERSION_KEY, toKurrentPosition, toStreamState } from './mapping.ts';

type Kurrent = typeof import('@kurrent/kurrentdb-client');

export interface KurrentEventStoreOptions {
  /** `kurrentdb://…` (or `kurrentdb+discover://…`) connection string. */
  url: string;
  /** How many of a stream's latest events an append searches for its event ids; 100 by default. */
  duplicateWindow?: number;
}

interface Connection {
  kurrent: Kurrent;
  client: KurrentDBClient;
}

/**
 * The KurrentDB adapter of the `EventStore` port. The client library is loaded on first use.
 * Differences from PostgreSQL: no hash chain (`hash` is ''), and idempotency/duplicate
 * detection looks at the stream's latest `duplicateWindow` events only.
 */
export function createKurrentEventStore(options: KurrentEventStoreOptions): EventStore {
  const duplicateWindow = options.duplicateWindow ?? 100;
  let connection: Promise<Connection> | undefined;
  let listener: KurrentListener | undefined;
  const connect = (): Promise<Connection> =>
    (connection ??= import('@kurrent/kurrentdb-client').then((kurrent) => ({
      kurrent,
      client: kurrent.KurrentDBClient.connectionString(options.url),
    })));

  async function readStream(
    streamId: string,
    readOptions: { direction?: 'forwards' | 'backwards'; fromRevision?: number; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    const { kurrent, client } = await connect();
    const backwards = readOptions.direction === 'backwards';
    if (readOptions.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of client.readStream(streamId, {
        direction: backwards ? kurrent.BACKWARDS : kurrent.FORWARDS,
        fromRevision:
          readOptions.fromRevision === undefined
            ? backwards
              ? kurrent.END
              : kurrent.START
            : BigInt(readOptions.fromRevision),
        ...(readOptions.maxCount === undefined ? {} : { maxCount: readOptions.maxCount }),
      })) {
        if (resolved.event) events.push(fromKurrentEvent(resolved.event));
      }
    } catch (error) {
      if (errorType(error) === 'stream-not-found') return [];
      throw error;
    }
    return events;
  }

  /** The original result when every id is among the stream's latest events; throws on a partial overlap. */
  async function findAppended(streamId: string, ids: readonly string[]): Promise<AppendResult | undefined> {
    const recent = await readStream(streamId, { direction: 'backwards', maxCount: duplicateWindow });
    const byId = new Map(recent.map((event) => [event.eventId.toLowerCase(), event]));
    const found = ids.map((id) => byId.get(id));
    const present = found.filter((event) => event !== undefined);
    if (present.length === 0) return undefined;
    if (present.length < ids.length) {
      throw new DuplicateEventIdError(streamId, present[0]?.eventId ?? '');
    }
    return {
      nextExpectedRevision: Math.max(...present.map((event) => event.revision)),
      logPositions: present.map((event) => event.logPosition),
    };
  }

  async function append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision = 'any',
  ): Promise<AppendResult> {
    const ids = events.map((event) => event.eventId.toLowerCase());
    if (new Set(ids).size !== ids.length) {
      throw new DuplicateEventIdError(streamId, ids.find((id, index) => ids.indexOf(id) !== index) ?? '');
    }
    if (ids.length === 0) return appendNothing(streamId, expected);
    const earlier = await findAppended(streamId, ids);
    if (earlier) return earlier;
    const { kurrent, client } = await connect();
    const data = events.map((event, index) =>
      kurrent.jsonEvent({
        id: ids[index] ?? event.eventId,
        type: event.type,
        data: event.data,
        metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion },
      }),
    );
    let written: { nextExpectedRevision: bigint; position?: Position };
    try {
      written = await client.appendToStream(streamId, data, { streamState: toStreamState(expected) });
    } catch (error) {
      if (errorType(error) !== 'wrong-expected-version') throw error;
      const retried = await findAppended(streamId, ids); // a retry whose first attempt won meanwhile
      if (retried) return retried;
      const actual = (error as { actualState?: unknown }).actualState;
      throw new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' ? Number(actual) : undefined);
    }
    const last = Number(written.nextExpectedRevision);
    const mine = await readStream(streamId, { direction: 'backwards', fromRevision: last, maxCount: ids.length });
    mine.reverse();
    const fallback = written.position ? `${written.position.commit}:${written.position.prepare}` : '';
    return { nextExpectedRevision: last, logPositions: mine.map((event) => event.logPosition || fallback) };
  }

  async function appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const actual = await streamRevision(streamId);
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === undefined) ||
      (expected === 'stream_exists' && actual !== undefined) ||
      expected === actual;
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
    return { nextExpectedRevision: actual ?? -1, logPositions: [] };
  }

  async function streamRevision(streamId: string): Promise<number | undefined> {
    const [last] = await readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last?.revision;
  }

  return {
    append,
    readStream,
    streamRevision,
    async readAll(readOptions = {}) {
      const { kurrent, client } = await connect();
      const after = readOptions.after ? toKurrentPosition(readOptions.after) : undefined;
      const maxCount = readOptions.maxCount;
      if (maxCount === 0 || readOptions.streamPrefixes?.length === 0) return [];
      const filter = readOptions.streamPrefixes
        ? kurrent.streamNameFilter({ prefixes: [...readOptions.streamPrefixes] })
        : kurrent.excludeSystemEvents();
      const events: RecordedEvent[] = [];
      // The read from a position includes the event at that position: one more, then skip it.
      for await (const resolved of client.readAll({
        fromPosition: after ?? kurrent.START,
        filter,
        ...(maxCount === undefined ? {} : { maxCount: maxCount + 1 }),
      })) {
        const event = resolved.event;
        if (!event || event.streamId.startsWith('$') || event.type.startsWith('$')) continue;
        if (after && !isAfter(event.position, after)) continue;
        events.push(fromKurrentEvent(event));
        if (maxCount !== undefined && events.length >= maxCount) break;
      }
      return events;
    },
    async readAllPage(readOptions = {}) {
      // KurrentDB's filtered reads skip unmatched events server-side; the page ends at its last event.
      const events = await this.readAll(readOptions);
      return { events, next: events.at(-1)?.logPosition ?? readOptions.after ?? '' };
    },
    verifyStream: () => Promise.resolve({ status: 'unsupported' }),
    async onAppended(callback) {
      const { kurrent, client } = await connect();
      listener ??= new KurrentListener(kurrent, client);
      return listener.add(callback);
    },
    async close() {
      await listener?.close();
      const opened = await connection?.catch(() => undefined);
      await opened?.client.dispose();
    },
  };
}

function errorType(error: unknown): string | undefined {
  return (error as { type?: string } | undefined)?.type;
}
