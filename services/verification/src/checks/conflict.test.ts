import { describe, expect, it } from 'vitest';
import { conflictCheck } from './conflict.ts';

describe('conflicting proposal', () => {
  it('passes without other pending proposals on the household or person', () => {
    expect(conflictCheck([])).toEqual({ check: 'conflicting_proposal', result: 'pass', reason: 'none' });
  });

  it('fails and prefers the household finding, counting proposals and villages', () => {
    const outcome = conflictCheck([
      { proposalId: 'p1', regionCode: '52.02.01.1001', on: 'person' },
      { proposalId: 'p2', regionCode: '52.02.01.1001', on: 'household' },
    ]);
    expect(outcome).toEqual({
      check: 'conflicting_proposal',
      result: 'fail',
      reason: 'pending_on_same_household',
      details: { proposals: 2, regions: ['52.02.01.1001'] },
    });
    expect(conflictCheck([{ proposalId: 'p1', regionCode: 'x', on: 'person' }]).reason).toBe('pending_on_same_person');
  });
});
