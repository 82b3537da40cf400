import { describe, expect, it } from 'vitest';
import {
  canonicalEvent,
  canonicalEventTemplate,
  chainHash,
  GENESIS_HASH,
  REVISION_PLACEHOLDER,
  sha256,
} from './hash.ts';

const event = {
  eventId: '0190b5a8-0000-7000-8000-000000000001',
  type: 'ProposalSubmitted',
  schemaVersion: 2,
  data: { z: 1, a: { y: [1, 'two'], x: null } },
  metadata: {
    actor: { userId: 'u1', role: 'operator_desa' as const, regionCode: '52.02.01.2001' },
    channel: 'operator' as const,
    occurredAt: '2025-01-02T03:04:05.000Z',
    correlationId: 'c1',
    causationId: null,
  },
};

describe('event hashing', () => {
  it('the template with the revision put in is the canonical event', () => {
    const template = canonicalEventTemplate('proposal-1', event);
    expect(template.split(REVISION_PLACEHOLDER)).toHaveLength(2);
    expect(template.replace(REVISION_PLACEHOLDER, '17')).toBe(
      canonicalEvent({ ...event, streamId: 'proposal-1', revision: 17 }),
    );
  });

  it('chains sha256(previous ‖ sha256(canonical))', () => {
    const canonical = canonicalEvent({ ...event, streamId: 's', revision: 0 });
    const first = chainHash(GENESIS_HASH, canonical);
    expect(first).toEqual(sha256(Buffer.alloc(32), sha256(Buffer.from(canonical, 'utf8'))));
    expect(chainHash(first, canonical)).not.toEqual(first);
    expect(GENESIS_HASH).toEqual(Buffer.alloc(32));
  });
});
