import type { NewEvent, RecordedEvent } from '@siks/contracts';
import type { KurrentDBClient, RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import type { FoundEvent } from '../appended.ts';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.ts';
import type { AppendResult, EventStore, ExpectedRevision, ReadAllOptions, ReadAllPage } from '../port.ts';
import type { VerifyOptions, VerifyResult } from '../postgres/verify.ts';
import {
  claimDecision,
  claimStreamOf,
  ID_CLAIM_TYPE,
  isClaimStream,
  NOT_SYSTEM_OR_CLAIM,
  parseClaimData,
  type ClaimLookup,
} from './id-claims.ts';
import { KurrentListener } from './listener.ts';
import {
  chainedEventData,
  chainHeadOf,
  fromKurrentEvent,
  isAfter,
  meetsExpected,
  toKurrentPosition,
  toLogPosition,
  toStoredLink,
} from './mapping.ts';
import { verifyLinks, verifyLogLinks } from './verify.ts';

type Kurrent = typeof import('@kurrent/kurrentdb-client');

export interface KurrentEventStoreOptions {
  /** `kurrentdb://…` (or `kurrentdb+discover://…`) connection string. */
  url: string;
  /** How often an append starts again after a concurrent writer moved the stream on; 50 by default. */
  maxAttempts?: number;
}

/** The KurrentDB adapter, with the walk over every stream's chain that `siks audit verify` runs. */
export interface KurrentEventStore extends EventStore {
  verifyHashChains(options?: VerifyOptions): Promise<VerifyResult>;
}

interface Connection {
  kurrent: Kurrent;
  client: KurrentDBClient;
}

interface RawReadOptions {
  direction?: 'forwards' | 'backwards';
  fromRevision?: number;
  maxCount?: number;
}

/**
 * The KurrentDB adapter of the `EventStore` port; the client library is loaded on first use.
 * It keeps the same per-stream hash chain as PostgreSQL, in each event's metadata
 * (`./mapping.ts`), and answers retries by event id at any depth of a stream through id claims
 * (`./id-claims.ts`). Every append therefore writes with an exact expected revision (the chain
 * must continue the head it read): `any` and `stream_exists` appends start again when another
 * writer got in first.
 */
export function createKurrentEventStore(options: KurrentEventStoreOptions): KurrentEventStore {
  const maxAttempts = options.maxAttempts ?? 50;
  let connection: Promise<Connection> | undefined;
  let listener: KurrentListener | undefined;
  const connect = (): Promise<Connection> =>
    (connection ??= import('@kurrent/kurrentdb-client').then((kurrent) => ({
      kurrent,
      client: kurrent.KurrentDBClient.connectionString(options.url),
    })));

  async function readRaw(streamId: string, readOptions: RawReadOptions = {}): Promise<KurrentRecordedEvent[]> {
    const { kurrent, client } = await connect();
    const backwards = readOptions.direction === 'backwards';
    if (readOptions.maxCount === 0) return [];
    const events: KurrentRecordedEvent[] = [];
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
        if (resolved.event) events.push(resolved.event as KurrentRecordedEvent);
      }
    } catch (error) {
      if (errorType(error) === 'stream-not-found') return [];
      throw error;
    }
    return events;
  }

  const readStream: EventStore['readStream'] = async (streamId, readOptions = {}) =>
    (await readRaw(streamId, readOptions)).map((event) => fromKurrentEvent(event));

  /** An id's last claim and the event at the claimed place, if there is one. */
  async function lookUp(eventId: string): Promise<ClaimLookup> {
    const [last] = await readRaw(claimStreamOf(eventId), { direction: 'backwards', maxCount: 1 });
    const data = last ? parseClaimData(last.data) : undefined;
    if (!last || !data) return { eventId, claim: undefined, atClaim: undefined };
    const claim = { ...data, claimRevision: Number(last.revision) };
    const [there] = await readRaw(data.streamId, { fromRevision: data.revision, maxCount: 1 });
    const atClaim: FoundEvent | undefined =
      there && Number(there.revision) === data.revision
        ? {
            eventId: there.id,
            streamId: there.streamId,
            revision: Number(there.revision),
            logPosition: there.position ? toLogPosition(there.position) : '',
          }
        : undefined;
    return { eventId, claim, atClaim };
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
    const { kurrent, client } = await connect();
    for (let attempt = 1; ; attempt += 1) {
      const [[last], lookups] = await Promise.all([
        readRaw(streamId, { direction: 'backwards', maxCount: 1 }),
        Promise.all(ids.map(lookUp)),
      ]);
      const decision = claimDecision(streamId, lookups);
      if (decision.kind === 'appended') return decision.result;
      const head = last ? chainHeadOf(last) : undefined;
      if (!meetsExpected(expected, head?.revision)) {
        throw new WrongExpectedRevisionError(streamId, expected, head?.revision);
      }
      const first = head ? head.revision + 1 : 0;
      let written: { nextExpectedRevision: bigint };
      try {
        await Promise.all(
          ids.map((id, index) => {
            const claimExpected = decision.claimExpected[index] ?? 'no_stream';
            return client.appendToStream(
              claimStreamOf(id),
              kurrent.jsonEvent({ type: ID_CLAIM_TYPE, data: { streamId, revision: first + index } }),
              { streamState: claimExpected === 'no_stream' ? 'no_stream' : BigInt(claimExpected) },
            );
          }),
        );
        written = await client.appendToStream(
          streamId,
          chainedEventData(streamId, head, events).map((event) => kurrent.jsonEvent(event)),
          { streamState: head ? BigInt(head.revision) : 'no_stream' },
        );
      } catch (error) {
        if (errorType(error) !== 'wrong-expected-version') throw error;
        // Another writer moved the stream or a claim on: look again (a retry of the same append
        // is then found by its claims; a numeric expectation now fails its check).
        if (attempt >= maxAttempts) throw new WrongExpectedRevisionError(streamId, expected, undefined);
        // A short random pause, so that writers racing for one stream do not keep colliding.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * attempt)));
        continue;
      }
      const lastRevision = Number(written.nextExpectedRevision);
      const mine = await readRaw(streamId, {
        direction: 'backwards',
        fromRevision: lastRevision,
        maxCount: ids.length,
      });
      mine.reverse();
      return {
        nextExpectedRevision: lastRevision,
        logPositions: mine.map((event) => (event.position ? toLogPosition(event.position) : '')),
      };
    }
  }

  async function appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const actual = await streamRevision(streamId);
    if (!meetsExpected(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);
    return { nextExpectedRevision: actual ?? -1, logPositions: [] };
  }

  async function streamRevision(streamId: string): Promise<number | undefined> {
    const [last] = await readRaw(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? Number(last.revision) : undefined;
  }

  /**
   * The server-side filter of a read of `$all`: the given prefixes, else everything but system
   * streams and the adapter's id claims (server-side, so that a page is full).
   */
  const streamFilter = (kurrent: Kurrent, prefixes: readonly string[] | undefined) =>
    prefixes
      ? kurrent.streamNameFilter({ prefixes: [...prefixes] })
      : kurrent.streamNameFilter({ regex: NOT_SYSTEM_OR_CLAIM });

  /**
   * A page of `$all` without system events and without the id claims. `next` is the last
   * position looked at, so a page of claims only still moves the cursor on.
   */
  async function readPage(readOptions: ReadAllOptions): Promise<ReadAllPage> {
    const after = readOptions.after ? toKurrentPosition(readOptions.after) : undefined;
    const maxCount = readOptions.maxCount;
    const none = { events: [], next: readOptions.after ?? '' };
    if (maxCount === 0 || readOptions.streamPrefixes?.length === 0) return none;
    const { kurrent, client } = await connect();
    const filter = streamFilter(kurrent, readOptions.streamPrefixes);
    const events: RecordedEvent[] = [];
    let next = readOptions.after ?? '';
    // The read from a position includes the event at that position: one more, then skip it.
    for await (const resolved of client.readAll({
      fromPosition: after ?? kurrent.START,
      filter,
      ...(maxCount === undefined ? {} : { maxCount: maxCount + 1 }),
    })) {
      const event = resolved.event;
      if (!event || (after && !isAfter(event.position, after))) continue;
      next = toLogPosition(event.position);
      if (event.streamId.startsWith('$') || event.type.startsWith('$') || isClaimStream(event.streamId)) continue;
      events.push(fromKurrentEvent(event));
      if (maxCount !== undefined && events.length >= maxCount) break;
    }
    return { events, next };
  }

  /** Commit order is log order here: the newest event of the filter, read backwards from the end. */
  async function lastPosition(readOptions: Pick<ReadAllOptions, 'streamPrefixes'> = {}): Promise<string> {
    if (readOptions.streamPrefixes?.length === 0) return '';
    const { kurrent, client } = await connect();
    const filter = streamFilter(kurrent, readOptions.streamPrefixes);
    for await (const resolved of client.readAll({
      direction: kurrent.BACKWARDS,
      fromPosition: kurrent.END,
      filter,
      maxCount: 1,
    })) {
      if (resolved.event?.position) return toLogPosition(resolved.event.position);
    }
    return '';
  }

  return {
    append,
    readStream,
    streamRevision,
    lastPosition,
    readAll: async (readOptions = {}) => (await readPage(readOptions)).events,
    readAllPage: (readOptions = {}) => readPage(readOptions),
    async verifyStream(streamId) {
      return verifyLinks(streamId, (await readRaw(streamId)).map(toStoredLink));
    },
    async verifyHashChains(verifyOptions = {}) {
      const { kurrent, client } = await connect();
      async function* links() {
        for await (const resolved of client.readAll({
          fromPosition: kurrent.START,
          filter: kurrent.streamNameFilter({ regex: NOT_SYSTEM_OR_CLAIM }),
        })) {
          const event = resolved.event;
          if (!event || event.streamId.startsWith('$') || isClaimStream(event.streamId)) continue;
          yield toStoredLink(event);
        }
      }
      return verifyLogLinks(links(), verifyOptions);
    },
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
