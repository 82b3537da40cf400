import { describe, expect, it } from 'vitest';
import { mergeTimeline, type ReportAuditEntry, type StreamHistoryEntry } from './timeline.ts';

const verifier = { userId: 'v-1', role: 'verifikator_kabkota', regionCode: '52.02' };
const audit = (over: Partial<ReportAuditEntry>): ReportAuditEntry => ({
  eventId: 'x',
  type: 'ProposalSubmitted',
  occurredAt: '2026-11-28T00:00:00.000Z',
  actor: { userId: 'op-1', role: 'operator_desa', regionCode: '52.02.01.1001' },
  channel: 'operator',
  reason: null,
  changes: null,
  fields: null,
  streamId: 'proposal-p',
  revision: 0,
  ...over,
});
const history = (entry: ReportAuditEntry): StreamHistoryEntry => ({
  eventId: entry.eventId,
  type: entry.type,
  occurredAt: entry.occurredAt,
  revision: entry.revision,
  actor: { userId: entry.actor.userId, role: entry.actor.role },
  channel: entry.channel,
  ...(entry.reason ? { reason: entry.reason } : {}),
});

describe('twin decisions in the timeline', () => {
  const submitted = audit({ eventId: 'p1', revision: 1, occurredAt: '2026-11-28T01:00:00.000Z' });
  const caseReturned = audit({
    eventId: 'c2',
    type: 'CaseReturned',
    streamId: 'case-p',
    revision: 2,
    occurredAt: '2026-11-28T02:00:00.000Z',
    actor: verifier,
    reason: 'Foto rumah kurang jelas',
    fields: ['household.address'],
  });
  const proposalReturned = audit({
    eventId: 'p2',
    type: 'ProposalReturned',
    revision: 2,
    occurredAt: '2026-11-28T02:00:01.000Z',
    actor: verifier,
    channel: 'system',
    reason: 'Foto rumah kurang jelas',
    causationId: 'c2',
  });

  it('shows a case decision and the proposal event carrying it out as one entry, both ids kept', () => {
    const merged = mergeTimeline(
      [submitted, caseReturned, proposalReturned],
      [history(submitted), history(proposalReturned)],
      'proposal-p',
    );
    expect(merged.map((entry) => entry.type)).toEqual(['ProposalSubmitted', 'ProposalReturned']);
    expect(merged[1]).toMatchObject({
      eventId: 'p2',
      streamId: 'proposal-p',
      reason: 'Foto rumah kurang jelas',
      fields: ['household.address'],
      twin: { eventId: 'c2', type: 'CaseReturned', streamId: 'case-p', revision: 2 },
    });
    // Every revision of the proposal's own stream is still there (the page checks them for gaps).
    expect(merged.filter((entry) => entry.streamId === 'proposal-p').map((entry) => entry.revision)).toEqual([1, 2]);
  });

  it('pairs by time and person when the cause is not named, one decision per outcome', () => {
    const { causationId: _, ...withoutCause } = proposalReturned;
    const secondCase = { ...caseReturned, eventId: 'c4', revision: 4, occurredAt: '2026-11-28T05:00:00.000Z' };
    const secondProposal = {
      ...withoutCause,
      eventId: 'p4',
      revision: 4,
      occurredAt: '2026-11-28T05:00:02.000Z',
    };
    const merged = mergeTimeline([caseReturned, withoutCause, secondCase, secondProposal], [], 'proposal-p');
    expect(merged.map((entry) => [entry.eventId, entry.twin?.eventId])).toEqual([
      ['p2', 'c2'],
      ['p4', 'c4'],
    ]);
  });

  it('leaves a decision alone when its outcome is not in view, and a decision of another person unpaired', () => {
    const verified = audit({
      eventId: 'c3',
      type: 'CaseVerified',
      streamId: 'case-p',
      revision: 3,
      actor: verifier,
      occurredAt: '2026-11-28T03:00:00.000Z',
    });
    const byOther = audit({
      eventId: 'p3',
      type: 'ProposalVerified',
      revision: 3,
      occurredAt: '2026-11-28T03:00:01.000Z',
      actor: { userId: 'v-2', role: 'verifikator_kabkota', regionCode: '52.02' },
    });
    expect(mergeTimeline([verified], [], 'proposal-p').map((entry) => entry.eventId)).toEqual(['c3']);
    expect(mergeTimeline([verified, byOther], [], 'proposal-p').map((entry) => entry.eventId)).toEqual(['c3', 'p3']);
  });
});
