import type { RecordedEvent } from '@siks/contracts';
import { GENESIS_HASH, linkHash } from '../chain.ts';
import type { EventStore, ReadAllOptions } from '../port.ts';
import { hashLeaf, leafOfEvent, type LogLeaf } from './leaf.ts';
import { MerkleFrontier } from './merkle.ts';

/**
 * The audit log's leaves (TRANSPARENCY.md "Leaf") over any EventStore's global log — `$all`
 * on KurrentDB — in the store's own order. The content hash is chained per stream here, from
 * the event's content (the same `linkHash` both stores chain with), so a leaf never trusts a
 * stored hash; on PostgreSQL and on KurrentDB the result equals the stored chain. The place (`logPosition`) and time
 * (`recordedAt`) are the store's own, so the same events give the same content hashes on both
 * stores but not the same leaves: a checkpoint belongs to one store.
 */
export async function* leavesOfStore(
  store: Pick<EventStore, 'readAllPage'>,
  options: Pick<ReadAllOptions, 'streamPrefixes'> & { pageSize?: number } = {},
): AsyncGenerator<{ leaf: LogLeaf; event: RecordedEvent }> {
  const previous = new Map<string, Buffer>();
  let after = '';
  for (;;) {
    const page = await store.readAllPage({
      after,
      maxCount: options.pageSize ?? 1_000,
      ...(options.streamPrefixes ? { streamPrefixes: options.streamPrefixes } : {}),
    });
    for (const event of page.events) {
      const hash = linkHash(previous.get(event.streamId) ?? GENESIS_HASH, event);
      previous.set(event.streamId, hash);
      yield { leaf: leafOfEvent({ ...event, hash: hash.toString('hex') }), event };
    }
    // A filtered page may be empty and still move the cursor on: stop only when it stays.
    if (page.next === after || page.next === '') return;
    after = page.next;
  }
}

/** The size and root of the tree over a store's log (or the streams with the given prefixes). */
export async function rootOfStore(
  store: Pick<EventStore, 'readAllPage'>,
  options: Pick<ReadAllOptions, 'streamPrefixes'> & { pageSize?: number } = {},
): Promise<{ size: number; root: Buffer }> {
  const frontier = new MerkleFrontier();
  for await (const { leaf } of leavesOfStore(store, options)) frontier.add(hashLeaf(leaf));
  return { size: frontier.size, root: frontier.root() };
}
