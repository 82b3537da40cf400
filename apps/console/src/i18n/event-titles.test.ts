import { describe, expect, it } from 'vitest';
import { DocumentEventTypes } from '../../../../packages/contracts/src/documents/events.ts';
import { ProposalEventSchemas } from '../../../../packages/contracts/src/proposals/events.ts';
import { HouseholdEventSchemas } from '../../../../packages/contracts/src/registry/events.ts';
import { AccessEventSchemas } from '../../../../packages/contracts/src/registry/access.ts';
import { CutoffEventSchemas } from '../../../../packages/contracts/src/registry/cutoffs.ts';
import { CutoffHandoffEventSchemas } from '../../../../packages/contracts/src/registry/cutoff-handoff.ts';
import { CaseEventSchemas } from '../../../../packages/contracts/src/verification/events.ts';
import { eventTitle, hasEventTitle } from './event-titles.ts';

describe('event titles', () => {
  it('name every event type of the contracts in words (a new type needs its title)', () => {
    const types = [
      ...Object.keys(DocumentEventTypes),
      ...Object.keys(ProposalEventSchemas),
      ...Object.keys(CaseEventSchemas),
      ...Object.keys(HouseholdEventSchemas),
      ...Object.keys(CutoffEventSchemas),
      ...Object.keys(CutoffHandoffEventSchemas),
      ...Object.keys(AccessEventSchemas),
    ];
    expect(types).toContain('DocumentUnlinked');
    expect(types.filter((type) => !hasEventTitle(type))).toEqual([]);
    expect(eventTitle('DocumentUnlinked', 'id')).toBe('Bukti dihapus dari usulan');
  });
});
