import type { RecordedEvent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { outcomeCommand } from './outcomes.ts';

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

  it('reads a shape it does not know field by field, falling back to the stream id and metadata reason', () => {
    const command = outcomeCommand(caseEvent('CaseRejected', { grounds: 'x' }, 'Data ganda'), now);
    expect(command).toMatchObject({ type: 'RejectProposal', data: { proposalId, reason: 'Data ganda' } });
  });

  it('ignores other case events and ones that name no proposal', () => {
    expect(outcomeCommand(caseEvent('ChecksCompleted', { proposalId }), now)).toBeUndefined();
    expect(outcomeCommand({ ...caseEvent('CaseVerified', {}), streamId: 'case-not-a-uuid' }, now)).toBeUndefined();
  });
});
