import type { RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import type { NewEvent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { canonicalEvent, chainHash, GENESIS_HASH } from '../chain.ts';
import {
  chainedEventData,
  chainHeadOf,
  fromKurrentEvent,
  HASH_KEY,
  meetsExpected,
  PREVIOUS_HASH_KEY,
  SCHEMA_VERSION_KEY,
  toStoredLink,
} from './mapping.ts';
import { verifyLinks, verifyLogLinks } from './verify.ts';

const metadata = {
  actor: { userId: 'u1', role: 'operator_desa' as const, regionCode: '52.02.01.2001' },
  channel: 'operator' as const,
  occurredAt: '2025-01-02T03:04:05.000Z',
  correlationId: 'c1',
  causationId: null,
};

const event = (n: number, data: Record<string, unknown> = { n, nested: { z: 1, a: [n, 'x'] } }): NewEvent => ({
  eventId: `0190B5A8-0000-7000-8000-00000000000${n}`, // upper case on purpose: stored lower case
  type: 'ProposalSubmitted',
  schemaVersion: 2,
  data,
  metadata,
});

/**
 * What the KurrentDB server hands back for what `chainedEventData` wrote: a plain record in the
 * client's `RecordedEvent` shape (JSON parsed again, as the server stores bytes), no client.
 */
function asRecorded(streamId: string, firstRevision: number, written: ReturnType<typeof chainedEventData>) {
  return written.map(
    (item, index) =>
      ({
        streamId,
        id: item.id,
        revision: BigInt(firstRevision + index),
        type: item.type,
        data: JSON.parse(JSON.stringify(item.data)) as Record<string, unknown>,
        metadata: JSON.parse(JSON.stringify(item.metadata)) as Record<string, unknown>,
        isJson: true,
        created: new Date('2026-12-07T12:00:00Z'),
        contentType: 'application/json',
        position: { commit: BigInt(1000 + firstRevision + index), prepare: BigInt(1000 + firstRevision + index) },
      }) as unknown as KurrentRecordedEvent,
  );
}

describe('KurrentDB mapping: the hash chain in metadata', () => {
  it('chains each event as PostgreSQL does: sha256(previous ‖ sha256(canonical event))', () => {
    const written = chainedEventData('proposal-1', undefined, [event(1), event(2)]);
    const first = chainHash(
      GENESIS_HASH,
      canonicalEvent({ ...event(1), eventId: event(1).eventId.toLowerCase(), streamId: 'proposal-1', revision: 0 }),
    );
    const second = chainHash(
      first,
      canonicalEvent({ ...event(2), eventId: event(2).eventId.toLowerCase(), streamId: 'proposal-1', revision: 1 }),
    );
    expect(written.map((item) => item.metadata[HASH_KEY])).toEqual([first.toString('hex'), second.toString('hex')]);
    expect(written.map((item) => item.metadata[PREVIOUS_HASH_KEY])).toEqual([
      GENESIS_HASH.toString('hex'),
      first.toString('hex'),
    ]);
    expect(written[0]?.id).toBe(event(1).eventId.toLowerCase());
    expect(written[0]?.metadata[SCHEMA_VERSION_KEY]).toBe(2);
  });

  it('continues the chain from the head of the stream', () => {
    const [one, two] = chainedEventData('s', undefined, [event(1), event(2)]);
    const head = chainHeadOf(asRecorded('s', 0, [one!])[0]!);
    expect(head.revision).toBe(0);
    expect(chainedEventData('s', head, [event(2)])).toEqual([two]);
  });

  it('reads back the metadata as appended, with the stored hash, and verifies', () => {
    const written = chainedEventData('s', undefined, [event(1), event(2), event(3)]);
    const recorded = asRecorded('s', 0, written);
    const read = recorded.map((item) => fromKurrentEvent(item));
    expect(read[0]?.metadata).toEqual(metadata);
    expect(read[0]?.schemaVersion).toBe(2);
    expect(read.map((item) => item.hash)).toEqual(written.map((item) => item.metadata[HASH_KEY]));
    expect(verifyLinks('s', recorded.map(toStoredLink))).toEqual({
      status: 'verified',
      events: 3,
      headHash: written[2]?.metadata[HASH_KEY],
    });
  });

  it('names the first broken link: changed data, changed metadata, a gap, a missing or forked hash', () => {
    const recorded = asRecorded('s', 0, chainedEventData('s', undefined, [event(1), event(2), event(3)]));
    const links = () => recorded.map(toStoredLink);
    const changed = links();
    changed[1] = { ...changed[1]!, data: { n: 99 } };
    expect(verifyLinks('s', changed)).toEqual({ status: 'broken', revision: 1, reason: 'hash mismatch' });
    const relabelled = links();
    relabelled[2] = { ...relabelled[2]!, metadata: { ...metadata, channel: 'import' } };
    expect(verifyLinks('s', relabelled)).toEqual({ status: 'broken', revision: 2, reason: 'hash mismatch' });
    const gap = links();
    gap.splice(1, 1);
    expect(verifyLinks('s', gap)).toEqual({ status: 'broken', revision: 1, reason: 'revision missing' });
    expect(verifyLinks('s', links().slice(1))).toEqual({ status: 'broken', revision: 0, reason: 'revision missing' });
    const unhashed = links();
    unhashed[0] = { ...unhashed[0]!, hash: undefined };
    expect(verifyLinks('s', unhashed)).toEqual({ status: 'broken', revision: 0, reason: 'hash missing' });
    // A second chain grafted on at revision 1 (its own previous hash) is caught before its hash.
    const forked = links();
    forked[1] = { ...forked[1]!, previousHash: Buffer.alloc(32, 1) };
    expect(verifyLinks('s', forked)).toEqual({ status: 'broken', revision: 1, reason: 'previous hash mismatch' });
    expect(verifyLinks('s', [])).toEqual({ status: 'not_found' });
  });

  it('walks every stream of an interleaved log and names the first broken stream', async () => {
    const a = asRecorded('a', 0, chainedEventData('a', undefined, [event(1), event(2)])).map(toStoredLink);
    const b = asRecorded('b', 0, chainedEventData('b', undefined, [event(3), event(4)])).map(toStoredLink);
    const log = [a[0]!, b[0]!, a[1]!, b[1]!];
    const progress: number[] = [];
    expect(await verifyLogLinks(log, { onProgress: (p) => progress.push(p.events) })).toEqual({
      ok: true,
      streams: 2,
      events: 4,
    });
    expect(progress.at(-1)).toBe(4);
    const tampered = [a[0]!, b[0]!, { ...a[1]!, type: 'ProposalWithdrawn' }, b[1]!];
    expect(await verifyLogLinks(tampered)).toEqual({ ok: false, streamId: 'a', revision: 1, reason: 'hash mismatch' });
  });

  it('checks an expected revision against the stream head', () => {
    expect(meetsExpected('any', undefined)).toBe(true);
    expect(meetsExpected('no_stream', undefined)).toBe(true);
    expect(meetsExpected('no_stream', 0)).toBe(false);
    expect(meetsExpected('stream_exists', undefined)).toBe(false);
    expect(meetsExpected('stream_exists', 3)).toBe(true);
    expect(meetsExpected(3, 3)).toBe(true);
    expect(meetsExpected(2, 3)).toBe(false);
  });
});
