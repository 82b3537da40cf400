import { checkLink, startChain, type ChainState, type StoredLink } from '../chain.ts';
import type { StreamVerification } from '../port.ts';
import type { VerifyOptions, VerifyResult } from '../postgres/verify.ts';

/**
 * One stream's chain from its stored events in revision order (KurrentDB keeps no stream head
 * apart from the last event, and cannot cut a tail off; a cut-off start, `$tb`/`$maxCount`,
 * shows as a missing revision 0). Pure: the adapter feeds it what it read.
 */
export function verifyLinks(streamId: string, links: Iterable<StoredLink>): StreamVerification {
  const state = startChain(streamId);
  for (const link of links) {
    const failure = checkLink(state, link);
    if (failure) return { status: 'broken', revision: failure.revision, reason: failure.reason };
  }
  if (state.next === 0) return { status: 'not_found' };
  return { status: 'verified', events: state.next, headHash: state.previous.toString('hex') };
}

/**
 * Every stream's chain, from the whole log in its order (`$all`): per-stream revisions come in
 * order there, so one pass with one chain state per stream checks them all (memory: one entry
 * per stream). Names the first broken stream and revision, as `verifyHashChains` does on
 * PostgreSQL.
 */
export async function verifyLogLinks(
  links: AsyncIterable<StoredLink> | Iterable<StoredLink>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const states = new Map<string, ChainState>();
  let events = 0;
  const every = options.batchSize ?? 2_000;
  for await (const link of links) {
    let state = states.get(link.streamId);
    if (!state) {
      state = startChain(link.streamId);
      states.set(link.streamId, state);
    }
    const failure = checkLink(state, link);
    if (failure) return { ok: false, ...failure };
    events += 1;
    if (events % every === 0) options.onProgress?.({ streams: states.size, events });
  }
  options.onProgress?.({ streams: states.size, events });
  return { ok: true, streams: states.size, events };
}
