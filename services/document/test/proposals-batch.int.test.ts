import type { RecordedEvent } from '@siks/contracts';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations.ts';
import { applyProposalEvent, applyProposalEvents } from '../src/read-model/proposals.ts';
import { NEIGHBOUR, VILLAGE } from './support.ts';

const url = await useTestDatabase('document_proposals_batch');
const pool = createPool({ url, max: 2, applicationName: 'document-proposals-batch' });
await migrate(pool, [migrations]);
afterAll(() => pool.end());

const id = (n: number) => `01978f3c-0000-7000-8000-${String(n).padStart(12, '0')}`;
let serial = 0;
const event = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    eventId: id(1000 + ++serial),
    type,
    schemaVersion: 1,
    streamId: `proposal-${String(data['proposalId'])}`,
    revision: serial,
    logPosition: String(serial),
    recordedAt: '2025-03-01T00:00:00.000Z',
    hash: '',
    data,
    metadata: { occurredAt: '2025-03-01T00:00:00.000Z' },
  }) as unknown as RecordedEvent;

const drafted = (n: number, regionCode = VILLAGE) =>
  event('ProposalDrafted', { proposalId: id(n), proposalType: 'new_household', regionCode });
const moved = (type: string, n: number) => event(type, { proposalId: id(n) });

// Meetings and erasure are not in these events: the deps they need are never called.
const deps = {} as Parameters<typeof applyProposalEvents>[0];
const rows = async () =>
  (await pool.query('SELECT proposal_id, region_code, status FROM document.proposals ORDER BY proposal_id')).rows;

describe('document.proposals batch by batch', () => {
  it('leaves the rows that applying the events one by one leaves', async () => {
    const events = [
      drafted(1),
      moved('ProposalSubmitted', 1),
      drafted(2, NEIGHBOUR),
      moved('ProposalAmended', 2), // no change for evidence: handled on its own, between runs
      moved('ProposalSubmitted', 2),
      moved('ProposalReturned', 2),
      moved('ProposalVerified', 1),
      // A status before its draft (out of order): one by one it changes nothing, then the draft lands.
      moved('ProposalSubmitted', 3),
      drafted(3),
      drafted(1, NEIGHBOUR), // a second draft of a known proposal keeps the first village
      moved('ProposalApproved', 1),
      drafted(4),
      moved('ProposalWithdrawn', 4),
      event('ProposalDrafted', { proposalId: 'not-a-uuid', regionCode: VILLAGE }),
    ];
    for (const one of events) await applyProposalEvent(pool, one);
    const oneByOne = await rows();
    expect(oneByOne).toEqual([
      { proposal_id: id(1), region_code: VILLAGE, status: 'approved' },
      { proposal_id: id(2), region_code: NEIGHBOUR, status: 'returned' },
      { proposal_id: id(3), region_code: VILLAGE, status: 'draft' },
      { proposal_id: id(4), region_code: VILLAGE, status: 'withdrawn' },
    ]);
    await pool.query('TRUNCATE document.proposals');
    await applyProposalEvents(deps, pool, events);
    expect(await rows()).toEqual(oneByOne);
    // Split anywhere into batches, the rows come out the same.
    for (const size of [1, 2, 3, 5]) {
      await pool.query('TRUNCATE document.proposals');
      for (let from = 0; from < events.length; from += size)
        await applyProposalEvents(deps, pool, events.slice(from, from + size));
      expect(await rows()).toEqual(oneByOne);
    }
  });
});
