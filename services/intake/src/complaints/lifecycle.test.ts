import { describe, expect, it } from 'vitest';
import {
  ComplaintError,
  decideComplaint,
  evolveComplaint,
  opensDeactivation,
  type ComplaintState,
} from './lifecycle.ts';
import { opensUsulDraft } from './usul.ts';

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
      {
        type: 'Triage',
        data: { outcome: 'founded', householdId: 'h1', opened: { proposalId: 'p1', route: 'deactivation' } },
      },
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

  it('routes a founded usul without a link to the draft opened for it', () => {
    const usul = { ...received, category: 'missing_household' as const };
    const events = decideComplaint(
      { type: 'Triage', data: { outcome: 'founded', opened: { proposalId: 'p3', route: 'new_household' } } },
      usul,
    );
    expect(events.map((event) => event.type)).toEqual(['ComplaintTriaged', 'ComplaintRouted']);
    expect(events[0]!.data).not.toHaveProperty('proposalId');
    expect(events[1]!.data).toMatchObject({ route: 'new_household', proposalId: 'p3' });
    expect(opensUsulDraft('missing_household', {}, true)).toBe(true);
    expect(opensUsulDraft('missing_household', {}, false)).toBe(false);
    expect(opensUsulDraft('missing_household', { proposalId: 'p' }, true)).toBe(false);
    expect(opensUsulDraft('missing_household', { householdId: 'h' }, true)).toBe(false);
    expect(opensUsulDraft('ineligible_recipient', {}, true)).toBe(false);
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
