import { describe, expect, it } from 'vitest';
import { DuplicateEventIdError } from '../errors.ts';
import {
  claimDecision,
  claimStreamOf,
  isClaimStream,
  NOT_SYSTEM_OR_CLAIM,
  parseClaimData,
  type ClaimLookup,
} from './id-claims.ts';

const id = (n: number) => `0190b5a8-0000-7000-8000-00000000000${n}`;
const found = (n: number, streamId: string, revision: number) => ({
  eventId: id(n),
  streamId,
  revision,
  logPosition: `${5000 + revision}:${5000 + revision}`,
});

describe('KurrentDB id claims: the idempotency decision', () => {
  it('appends ids never claimed, creating their claim streams', () => {
    const lookups: ClaimLookup[] = [1, 2].map((n) => ({ eventId: id(n), claim: undefined, atClaim: undefined }));
    expect(claimDecision('s', lookups)).toEqual({ kind: 'append', claimExpected: ['no_stream', 'no_stream'] });
  });

  it('answers a retry with the original result however deep in the stream it lies', () => {
    // Revisions 4,000 and 4,001 of a long stream: no window of latest events is involved.
    const lookups: ClaimLookup[] = [
      { eventId: id(1), claim: { streamId: 's', revision: 4_000, claimRevision: 0 }, atClaim: found(1, 's', 4_000) },
      { eventId: id(2), claim: { streamId: 's', revision: 4_001, claimRevision: 2 }, atClaim: found(2, 's', 4_001) },
    ];
    expect(claimDecision('s', lookups)).toEqual({
      kind: 'appended',
      result: { nextExpectedRevision: 4_001, logPositions: ['9000:9000', '9001:9001'] },
    });
    // A retry of part of an earlier append is that part of it.
    expect(claimDecision('s', lookups.slice(1))).toEqual({
      kind: 'appended',
      result: { nextExpectedRevision: 4_001, logPositions: ['9001:9001'] },
    });
  });

  it('takes over a stale claim (its append never happened or lost a race) with compare-and-set', () => {
    const lookups: ClaimLookup[] = [
      // Claimed at revision 7, but another event sits there.
      { eventId: id(1), claim: { streamId: 's', revision: 7, claimRevision: 0 }, atClaim: found(9, 's', 7) },
      // Claimed at revision 8, nothing written there.
      { eventId: id(2), claim: { streamId: 's', revision: 8, claimRevision: 3 }, atClaim: undefined },
    ];
    expect(claimDecision('s', lookups)).toEqual({ kind: 'append', claimExpected: [0, 3] });
  });

  it('refuses a partial overlap and an id that lives in another stream', () => {
    const partial: ClaimLookup[] = [
      { eventId: id(1), claim: { streamId: 's', revision: 0, claimRevision: 0 }, atClaim: found(1, 's', 0) },
      { eventId: id(2), claim: undefined, atClaim: undefined },
    ];
    expect(() => claimDecision('s', partial)).toThrow(DuplicateEventIdError);
    const elsewhere: ClaimLookup[] = [
      { eventId: id(1), claim: { streamId: 'other', revision: 0, claimRevision: 0 }, atClaim: found(1, 'other', 0) },
    ];
    expect(() => claimDecision('s', elsewhere)).toThrow(DuplicateEventIdError);
  });

  it('names claim streams apart from the event streams and reads only well-formed claims', () => {
    expect(claimStreamOf(id(1).toUpperCase())).toBe(`siks-eventid-${id(1)}`);
    expect(isClaimStream(claimStreamOf(id(1)))).toBe(true);
    expect(isClaimStream('proposal-1')).toBe(false);
    expect(parseClaimData({ streamId: 's', revision: 3 })).toEqual({ streamId: 's', revision: 3 });
    expect(parseClaimData({ streamId: 's', revision: '3' })).toBeUndefined();
    expect(parseClaimData(null)).toBeUndefined();
    const readable = new RegExp(NOT_SYSTEM_OR_CLAIM);
    expect(['proposal-1', 'case-2', 'siks-other'].every((name) => readable.test(name))).toBe(true);
    expect([claimStreamOf(id(1)), '$all', '$ce-proposal', '$$proposal-1'].some((name) => readable.test(name))).toBe(
      false,
    );
  });
});
