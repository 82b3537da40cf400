import { caseStreamId, CaseEventSchemas, uuidv7, type NewEvent } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { eventually, startHarness } from './support.ts';

// A household the ministry returned (registry's CutoffRowAnswered on registry.households.v1)
// reopens the approved case of its proposal at the regency, once, with the ministry's reason.
const h = await startHarness('verification_reopen');
const VILLAGE = '52.02.01.2001';
const system = { userId: 'tester', role: 'admin_kabkota' as const, regionCode: '52.02' };

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: uuidv7(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: system,
    channel: 'operator',
    occurredAt: new Date().toISOString(),
    correlationId: uuidv7(),
    causationId: null,
  },
});

async function approvedCase(proposalId: string): Promise<void> {
  const events = [
    event('CaseOpened', { proposalId, regionCode: VILLAGE, proposalType: 'new_household', channel: 'operator' }),
    event('ChecksCompleted', {
      proposalId,
      round: 1,
      trigger: 'submitted',
      results: [{ check: 'identity', result: 'pass', reason: 'valid' }],
    }),
    event('CaseVerified', { proposalId }),
    event('CaseApproved', { proposalId }),
  ];
  for (const e of events) CaseEventSchemas[e.type as keyof typeof CaseEventSchemas].data.parse(e.data);
  await h.platform.store.append(caseStreamId(proposalId), events, 'no_stream');
}

describe('a row the ministry returns', () => {
  it('reopens the approved case with the ministry’s reason, once; an accepted row changes nothing', async () => {
    const returnedId = uuidv7();
    const acceptedId = uuidv7();
    await approvedCase(returnedId);
    await approvedCase(acceptedId);
    const cutoffId = uuidv7();
    const answer = (proposalId: string, status: 'accepted' | 'returned') =>
      event('CutoffRowAnswered', {
        cutoffId,
        regencyCode: '52.02',
        period: '2025-05',
        householdId: uuidv7(),
        proposalId,
        status,
        ...(status === 'returned' ? { reason: 'NIK tidak padan Dukcapil' } : {}),
        regionCode: VILLAGE,
      });
    const returned = answer(returnedId, 'returned');
    // The same answer twice (a redelivery, or a re-upload recorded again) reopens it once.
    await h.platform.store.append(
      `cutoff-${cutoffId}`,
      [returned, answer(acceptedId, 'accepted'), answer(returnedId, 'returned')],
      'any',
    );

    const token = await h.token('verifikator_kabkota', '52.02');
    const view = await eventually(async () => {
      const response = await h.app.inject({
        url: `/v1/verification/cases/${returnedId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      const body = response.json();
      expect(body.status).toBe('checks_done');
      return body;
    });
    expect(view.decisions.at(-1)).toMatchObject({
      decision: 'reopen',
      reason: 'NIK tidak padan Dukcapil',
      cutoffId,
      period: '2025-05',
    });
    const queue = await eventually(async () => {
      const response = await h.app.inject({
        url: '/v1/verification/cases?status=checks_done',
        headers: { authorization: `Bearer ${token}` },
      });
      const ids = response.json().items.map((item: { proposalId: string }) => item.proposalId);
      expect(ids).toContain(returnedId);
      return ids;
    });
    expect(queue).not.toContain(acceptedId);
    const stream = await h.platform.store.readStream(caseStreamId(returnedId));
    expect(stream.filter((e) => e.type === 'CaseReopened')).toHaveLength(1);
    expect((await h.platform.store.readStream(caseStreamId(acceptedId))).at(-1)?.type).toBe('CaseApproved');
  });
});
