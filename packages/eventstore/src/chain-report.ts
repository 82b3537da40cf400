import type { StreamChainReport } from '@siks/contracts';
import type { EventStore } from './port.ts';

/**
 * Checks one stream's hash chain and answers in the HTTP contract's shape (`StreamChainReport`).
 * A stream the store does not know is `broken` at revision 0: callers ask only for streams
 * they have just read, so a missing one means its events were removed.
 */
export async function streamChainReport(store: EventStore, streamId: string, now: Date): Promise<StreamChainReport> {
  const checkedAt = now.toISOString();
  const verification = await store.verifyStream(streamId);
  switch (verification.status) {
    case 'verified':
      return { streamId, checkedAt, status: 'verified', events: verification.events, headHash: verification.headHash };
    case 'broken':
      return { streamId, checkedAt, status: 'broken', revision: verification.revision, reason: verification.reason };
    case 'not_found':
      return { streamId, checkedAt, status: 'broken', revision: 0, reason: 'stream not found' };
    case 'unsupported':
      return { streamId, checkedAt, status: 'unsupported' };
  }
}
