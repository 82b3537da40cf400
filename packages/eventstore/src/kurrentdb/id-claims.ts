import { earlierAppend, type FoundEvent } from '../appended.ts';
import type { AppendResult } from '../port.ts';

/**
 * Idempotency on KurrentDB for event ids at any depth of a stream.
 *
 * KurrentDB has no lookup of an event by its id, and its own idempotent-write check only
 * recognises a retry sent with the same expected revision as the original (or one still in a
 * recent-writes cache). Searching the stream's latest N events misses a retry that arrives after
 * N more events, and searching the whole stream makes every append as slow as its stream is long.
 * So each event id gets a tiny stream of its own, `siks-eventid-<id>`, whose last event is a
 * *claim*: the stream and revision the id is (to be) written at. An append
 *
 *   1. reads the target stream's head (its revision and hash: the chain needs them anyway) and
 *      the claim of each of its ids, and for each claim the event at the claimed place;
 *   2. decides with `claimDecision` (pure): every id found at its claimed place in this stream →
 *      the original result (a retry); some found, or found in another stream → duplicate; none
 *      → go on. A claim whose place holds another event (or nothing) is *stale*: its append
 *      never happened or lost a race, and it is taken over;
 *   3. writes the claims first (a new claim stream expects `no_stream`, taking over a stale one
 *      expects the revision it read, so two appenders cannot both take it), then the events with
 *      the head's revision as expected revision. Any conflict starts again at 1.
 *
 * Claims come first so that a crash between the two writes leaves only a stale claim, never an
 * event without one (which a later retry would not find, and write twice). The truth stays the
 * event stream: a claim counts only when the event it names is there. Cost: one small write and
 * one read per event id, whatever the stream's length. The claim streams are the adapter's own;
 * `readAll` leaves them out. Not guarded: the same id appended to two different streams at the
 * same instant may land in both (PostgreSQL's unique index refuses the second).
 */
export const ID_CLAIM_PREFIX = 'siks-eventid-';
export const ID_CLAIM_TYPE = 'SiksEventIdClaimed';

/**
 * Stream names that are neither system streams (`$…`) nor id claims: the server-side filter of
 * unfiltered `$all` reads (a .NET regex on the server; the same in JavaScript), so pages are full.
 */
export const NOT_SYSTEM_OR_CLAIM = `^(?!\\$|${ID_CLAIM_PREFIX})`;

export function claimStreamOf(eventId: string): string {
  return `${ID_CLAIM_PREFIX}${eventId.toLowerCase()}`;
}

export function isClaimStream(streamId: string): boolean {
  return streamId.startsWith(ID_CLAIM_PREFIX);
}

/** The last claim of an event id: where it said the id goes, and the claim's own revision. */
export interface IdClaim {
  streamId: string;
  revision: number;
  /** Revision of the claim in its claim stream (the expected revision to take it over). */
  claimRevision: number;
}

/** The data of a claim event. */
export interface ClaimData {
  streamId: string;
  revision: number;
}

export function parseClaimData(data: unknown): ClaimData | undefined {
  const value = data as Partial<ClaimData> | null;
  if (!value || typeof value.streamId !== 'string' || !Number.isSafeInteger(value.revision)) return undefined;
  return { streamId: value.streamId, revision: value.revision as number };
}

/** One id of an append, looked up: its claim, and the event found at the claimed place. */
export interface ClaimLookup {
  eventId: string;
  claim: IdClaim | undefined;
  atClaim: FoundEvent | undefined;
}

export type ClaimDecision =
  | { kind: 'appended'; result: AppendResult }
  | {
      kind: 'append';
      /** Expected revision of each id's claim stream when claiming (`no_stream`: none yet). */ claimExpected: (
        | 'no_stream'
        | number
      )[];
    };

/**
 * What an append does with its ids looked up (`lookups` in the order of the append's ids).
 * Throws `DuplicateEventIdError` as `earlierAppend` does.
 */
export function claimDecision(streamId: string, lookups: readonly ClaimLookup[]): ClaimDecision {
  const found = lookups.map(({ eventId, claim, atClaim }) =>
    claim &&
    atClaim &&
    atClaim.eventId.toLowerCase() === eventId.toLowerCase() &&
    atClaim.streamId === claim.streamId &&
    atClaim.revision === claim.revision
      ? atClaim
      : undefined,
  );
  const result = earlierAppend(
    streamId,
    lookups.map((lookup) => lookup.eventId),
    found,
  );
  if (result) return { kind: 'appended', result };
  return { kind: 'append', claimExpected: lookups.map(({ claim }) => claim?.claimRevision ?? 'no_stream') };
}
