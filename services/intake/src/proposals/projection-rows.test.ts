import { describe, expect, it } from 'vitest';
import { applyChange, type ProposalRow } from './projection-rows.ts';

const row: ProposalRow = {
  proposalId: '0190a1b2-0000-7000-8000-000000000001',
  regionCode: '52.02.01.2012',
  proposalType: 'new_household',
  channel: 'operator',
  status: 'draft',
  revision: 0,
  createdBy: 'op-1',
  createdRole: 'operator_desa',
  createdAt: '2025-06-17T02:00:00.000Z',
  updatedAt: '2025-06-17T02:00:00.000Z',
  clientId: null,
  importId: null,
  deferredUntil: null,
  amendments: 0,
  memberCount: 3,
  headNikMasked: '5202••••••••0001',
  headPersonal: null,
};
const at = (second: number): string => `2025-06-17T02:00:${String(second).padStart(2, '0')}.000Z`;

describe('applyChange', () => {
  it('makes the row from a draft, and leaves a row that exists as it is (insert … do nothing)', () => {
    expect(applyChange(undefined, { type: 'drafted', row })).toBe(row);
    const other = { ...row, regionCode: '52.02.01.1001' };
    expect(applyChange(row, { type: 'drafted', row: other })).toBe(row);
  });

  it('changes nothing without a row or with an event not newer than the row', () => {
    const submit = { type: 'status', revision: 1, at: at(1), status: 'submitted' } as const;
    expect(applyChange(undefined, submit)).toBeUndefined();
    const newer = { ...row, revision: 1 };
    expect(applyChange(newer, submit)).toBe(newer);
  });

  it('counts amendments, takes the new summary and marks a returned proposal corrected', () => {
    const amended = applyChange(
      { ...row, status: 'returned', revision: 3, amendments: 1 },
      { type: 'amended', revision: 4, at: at(4), memberCount: 4, headNikMasked: null, headPersonal: null },
    );
    expect(amended).toMatchObject({
      status: 'corrected',
      revision: 4,
      updatedAt: at(4),
      amendments: 2,
      memberCount: 4,
      headNikMasked: null,
    });
    const draft = applyChange(row, {
      type: 'amended',
      revision: 1,
      at: at(1),
      memberCount: 3,
      headNikMasked: 'x',
      headPersonal: null,
    });
    expect(draft?.status).toBe('draft');
  });

  it('keeps a deferral until a submission or withdrawal, not through a return', () => {
    const deferred = applyChange(row, { type: 'deferred', revision: 1, at: at(1), until: '2025-07-15' });
    expect(deferred).toMatchObject({ deferredUntil: '2025-07-15', revision: 1, updatedAt: at(1) });
    const returned = applyChange(deferred, { type: 'status', revision: 2, at: at(2), status: 'returned' });
    expect(returned).toMatchObject({ status: 'returned', deferredUntil: '2025-07-15' });
    for (const status of ['submitted', 'withdrawn'])
      expect(applyChange(deferred, { type: 'status', revision: 2, at: at(2), status })).toMatchObject({
        status,
        deferredUntil: null,
      });
  });
});
