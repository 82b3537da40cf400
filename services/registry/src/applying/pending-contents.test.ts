import type { RecordedEvent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { householdRecord, PROPOSAL } from '../households/test-data.ts';
import { PendingContents, type StoredContent } from './pending-contents.ts';

const OTHER = '0190a1b2-0000-7000-8000-0000000000bb';
const creator = { userId: 'op-1', role: 'operator_desa', regionCode: '52.02.01.2001' } as const;
const content = (programmes: ('PKH' | 'BPNT')[]) => ({
  type: 'new_household' as const,
  household: householdRecord([1], { programmes }),
});

function event(eventId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  return { eventId, type, data } as unknown as RecordedEvent;
}
const drafted = (eventId: string, proposalId: string, programmes: ('PKH' | 'BPNT')[]) =>
  event(eventId, 'ProposalDrafted', {
    proposalId,
    proposalType: 'new_household',
    regionCode: '52.02.01.2001',
    channel: 'operator',
    createdBy: creator,
    content: content(programmes),
  });
const amended = (eventId: string, proposalId: string, programmes: ('PKH' | 'BPNT')[]) =>
  event(eventId, 'ProposalAmended', {
    proposalId,
    reason: 'perbaikan',
    changes: [{ path: 'household.programmes', from: null, to: programmes }],
    content: content(programmes),
  });
const stored: StoredContent = {
  proposalId: OTHER,
  proposalType: 'new_household',
  regionCode: '52.02.01.2001',
  channel: 'operator',
  createdBy: creator,
  content: content(['PKH']),
};
const at = (second: number) => new Date(Date.UTC(2025, 5, 30, 0, 0, second));

describe('PendingContents', () => {
  it('inserts a proposal drafted in the batch with its last amendment; updates a stored one', () => {
    const pending = new PendingContents([stored]);
    pending.draft(drafted('e1', PROPOSAL, ['PKH']), at(1));
    pending.amend(amended('e2', PROPOSAL, ['BPNT']), at(2));
    expect(pending.proposal(PROPOSAL)?.content).toEqual(content(['BPNT']));
    pending.amend(amended('e3', PROPOSAL, ['PKH', 'BPNT']), at(3));
    pending.amend(amended('e4', OTHER, ['BPNT']), at(4));
    pending.draft(drafted('e5', OTHER, ['PKH']), at(5)); // redelivered draft: the amendment stays
    const { inserts, updates } = pending.writes();
    expect(inserts).toEqual([
      expect.objectContaining({
        proposalId: PROPOSAL,
        contentEventId: 'e3',
        updatedAt: at(3),
        proposalType: 'new_household',
      }),
    ]);
    expect(inserts[0]?.content).toEqual(content(['PKH', 'BPNT']));
    expect(updates).toEqual([expect.objectContaining({ proposalId: OTHER, contentEventId: 'e4', updatedAt: at(4) })]);
    expect(pending.proposal(OTHER)?.content).toEqual(content(['BPNT']));
  });

  it('writes nothing for stored proposals left alone; refuses an amendment of an unknown proposal', () => {
    const pending = new PendingContents([stored]);
    pending.draft(drafted('e1', OTHER, ['BPNT']), at(1));
    expect(pending.writes()).toEqual({ inserts: [], updates: [] });
    expect(pending.proposal(PROPOSAL)).toBeUndefined();
    expect(() => pending.amend(amended('e2', PROPOSAL, ['BPNT']), at(2))).toThrow(/unknown proposal \(event e2\)/);
  });
});
