import { describe, expect, it } from 'vitest';
import { FORGOTTEN_INDEX } from './events.ts';
import { scrubForgotten } from './scrub.ts';

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);
const sealed = { $sealed: 2, sub: `person:${a}`, f: 'member', iv: 'x', ct: 'y', tag: 'z' };
const content = {
  type: 'new_household',
  household: {
    kkIndex: 'c'.repeat(64),
    housing: { floorType: 'tanah', incomeBand: 'under_600k' },
    members: [
      { nikIndex: a, relationship: 'kepala_keluarga', disability: 'fisik', personal: sealed },
      { nikIndex: b, relationship: 'istri', disability: 'tidak_ada', personal: { ...sealed, sub: `person:${b}` } },
    ],
  },
  people: [a, b],
};

describe('scrubForgotten', () => {
  it("unlinks the person's index and drops their health data, leaving the others", () => {
    const scrubbed = scrubForgotten(content, { nikIndex: a, household: false }) as typeof content;
    expect(scrubbed.household.members[0]).toEqual({
      nikIndex: FORGOTTEN_INDEX,
      relationship: 'kepala_keluarga',
      personal: { ...sealed, sub: `person:${FORGOTTEN_INDEX}` },
    });
    expect(scrubbed.household.members[1]).toEqual(content.household.members[1]);
    expect(scrubbed.people).toEqual([FORGOTTEN_INDEX, b]);
    expect(scrubbed.household.kkIndex).toBe(content.household.kkIndex);
    expect(JSON.stringify(scrubbed)).not.toContain(a);
    expect(content.household.members[0]?.disability).toBe('fisik');
  });

  it('with the household, also the KK index and the income band', () => {
    const scrubbed = scrubForgotten(content, { nikIndex: a, household: true }) as typeof content;
    expect(scrubbed.household.kkIndex).toBe(FORGOTTEN_INDEX);
    expect(scrubbed.household.housing).toEqual({ floorType: 'tanah' });
  });
});
