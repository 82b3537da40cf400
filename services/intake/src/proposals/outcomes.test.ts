import type { RecordedEvent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { outcomeCommand, outcomesByProposal } from './outcomes.ts';

const proposalId = '0190a1b2-0000-7000-8000-000000000001';
const now = new Date('2025-06-18T03:00:00Z');
const caseEvent = (type: string, data: Record<string, unknown>, reason?: string): RecordedEvent => ({
  eventId: '0190a1b2-0000-7000-8000-0000000000aa',
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: { userId: 'ver-1', role: 'verifikator_kabkota', regionCode: '52.02' },
    channel: 'system',
    occurredAt: now.toISOString(),
    correlationId: 'c-1',
    causationId: null,
    ...(reason ? { reason } : {}),
  },
  streamId: `case-${proposalId}`,
  revision: 3,
  logPosition: '1:1',
  recordedAt: now.toISOString(),
  hash: '00',
});

describe('outcomeCommand', () => {
  it('maps the four decisions, with the deciding actor, reason and fields', () => {
    expect(
      outcomeCommand(
        caseEvent('CaseReturned', { proposalId, reason: 'Foto kurang', fields: ['household.location'] }),
        now,
      ),
    ).toEqual({
      type: 'ReturnProposal',
      data: {
        proposalId,
        reason: 'Foto kurang',
        verificationCaseId: `case-${proposalId}`,
        fields: ['household.location'],
      },
      metadata: { now, actor: { userId: 'ver-1', role: 'verifikator_kabkota', regionCode: '52.02' } },
    });
    expect(outcomeCommand(caseEvent('CaseVerified', { proposalId }), now)?.type).toBe('VerifyProposal');
    expect(outcomeCommand(caseEvent('CaseRejected', { proposalId, reason: 'Mampu' }), now)).toMatchObject({
      type: 'RejectProposal',
      data: { reason: 'Mampu' },
    });
    expect(outcomeCommand(caseEvent('CaseApproved', { proposalId, batchId: proposalId }), now)?.type).toBe(
      'ApproveProposal',
    );
  });

  it("carries an approval's duplicate resolution over to the proposal, and nothing malformed", () => {
    const resolution = { kind: 'deactivate_other', reason: 'KK lama sudah tidak berlaku' };
    expect(outcomeCommand(caseEvent('CaseApproved', { proposalId, resolution }), now)).toMatchObject({
      type: 'ApproveProposal',
      data: { proposalId, resolution },
    });
    const malformed = outcomeCommand(caseEvent('CaseApproved', { proposalId, resolution: { kind: 'merge' } }), now);
    expect(malformed?.data).not.toHaveProperty('resolution');
  });

  it('reads a shape it does not know field by field, falling back to the stream id and metadata reason', () => {
    const command = outcomeCommand(caseEvent('CaseRejected', { grounds: 'x' }, 'Data ganda'), now);
    expect(command).toMatchObject({ type: 'RejectProposal', data: { proposalId, reason: 'Data ganda' } });
  });

  it('ignores other case events and ones that name no proposal', () => {
    expect(outcomeCommand(caseEvent('ChecksCompleted', { proposalId }), now)).toBeUndefined();
    expect(outcomeCommand({ ...caseEvent('CaseVerified', {}), streamId: 'case-not-a-uuid' }, now)).toBeUndefined();
  });
});

describe('outcomesByProposal', () => {
  it('keeps only decisions, grouped by proposal, each group in log order', () => {
    const other = '0190a1b2-0000-7000-8000-000000000002';
    const at = (event: RecordedEvent, eventId: string, id = proposalId): RecordedEvent => ({
      ...event,
      eventId,
      streamId: `case-${id}`,
      data: { ...event.data, proposalId: id },
    });
    const events = [
      at(caseEvent('CaseOpened', {}), 'e1'),
      at(caseEvent('CaseVerified', {}), 'e2'),
      at(caseEvent('CaseReturned', { reason: 'x' }), 'e3', other),
      at(caseEvent('ChecksCompleted', {}), 'e4', other),
      at(caseEvent('CaseApproved', {}), 'e5'),
      { ...caseEvent('CaseRejected', {}), eventId: 'e6', streamId: 'case-not-a-uuid' },
    ];
    const grouped = outcomesByProposal(events);
    expect([...grouped].map(([id, list]) => [id, list.map((event) => event.eventId)])).toEqual([
      [proposalId, ['e2', 'e5']],
      [other, ['e3']],
    ]);
  });
});
