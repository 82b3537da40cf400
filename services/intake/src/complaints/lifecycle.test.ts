import { describe, expect, it } from 'vitest';
import {
  ComplaintError,
  decideComplaint,
  evolveComplaint,
  opensDeactivation,
  type ComplaintState,
} from './lifecycle.ts';

const received: ComplaintState = {
  complaintId: '0190a000-0000-7000-8000-000000000001',
  regionCode: '52.02.01.2012',
  category: 'ineligible_recipient',
  stage: 'received',
};
const sealed = { $sealed: 1 as const, sub: 'complaint:x', iv: 'a', ct: 'b', tag: 'c' };
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof ComplaintError ? [error.code, error.status] : error;
  }
  return 'no refusal';
};

describe('the complaint lifecycle', () => {
  it('routes a founded sanggah to the proposal opened for it, or to the proposal named', () => {
    const opened = decideComplaint(
      { type: 'Triage', data: { outcome: 'founded', householdId: 'h1', openedProposalId: 'p1' } },
      received,
    );
    expect(opened.map((event) => event.type)).toEqual(['ComplaintTriaged', 'ComplaintRouted']);
    expect(opened[1]!.data).toMatchObject({ route: 'deactivation', proposalId: 'p1' });
    const named = decideComplaint({ type: 'Triage', data: { outcome: 'founded', proposalId: 'p2' } }, received);
    expect(named[1]!.data).toMatchObject({ route: 'existing_proposal', proposalId: 'p2' });
    const linkedOnly = decideComplaint(
      { type: 'Triage', data: { outcome: 'founded', householdId: 'h1' } },
      {
        ...received,
        category: 'data_error',
      },
    );
    expect(linkedOnly.map((event) => event.type)).toEqual(['ComplaintTriaged']);
  });

  it('opens a deactivation only for a sanggah against a household without a proposal', () => {
    expect(opensDeactivation('ineligible_recipient', { householdId: 'h' })).toBe(true);
    expect(opensDeactivation('ineligible_recipient', { householdId: 'h', proposalId: 'p' })).toBe(false);
    expect(opensDeactivation('missing_household', { householdId: 'h' })).toBe(false);
  });

  it('keeps the order: triage once, answer after triage, close after the answer', () => {
    expect(refusal(() => decideComplaint({ type: 'Triage', data: { outcome: 'founded' } }, received))).toEqual([
      'complaint.link_required',
      422,
    ]);
    expect(
      refusal(() => decideComplaint({ type: 'Answer', data: { upheld: true, answer: sealed } }, received)),
    ).toEqual(['complaint.not_answerable', 409]);
    expect(refusal(() => decideComplaint({ type: 'Close' }, received))).toEqual(['complaint.not_closable', 409]);
    let state: ComplaintState | undefined = received;
    for (const event of decideComplaint({ type: 'Triage', data: { outcome: 'unfounded', reason: 'layak' } }, received))
      state = evolveComplaint(state, event);
    expect(state).toMatchObject({ stage: 'triaged', founded: false });
    expect(
      refusal(() => decideComplaint({ type: 'Triage', data: { outcome: 'unfounded', reason: 'x' } }, state!)),
    ).toEqual(['complaint.not_triageable', 409]);
    for (const event of decideComplaint({ type: 'Answer', data: { upheld: false, answer: sealed } }, state!))
      state = evolveComplaint(state, event);
    for (const event of decideComplaint({ type: 'Close' }, state!)) state = evolveComplaint(state, event);
    expect(state?.stage).toBe('closed');
  });
});
