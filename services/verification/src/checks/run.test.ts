import { describe, expect, it } from 'vitest';
import { defaultWindowConfig } from './window.ts';
import type { CaseFacts } from './facts.ts';
import { runChecks } from './run.ts';
import { member } from './test-fixtures.ts';

const facts: CaseFacts = {
  proposalId: '01950000-0000-7000-8000-000000000001',
  proposalType: 'new_household',
  regionCode: '52.02.01.1001',
  people: [member('household.members.0', 'a1')],
  references: [],
  activeByNik: [],
  activeByKk: [],
  pendingByNik: [],
  pendingByKk: [],
  evidence: [
    { documentId: 's', kind: 'stpjm' },
    {
      documentId: 'f',
      kind: 'foto_rumah',
      geotag: { lat: -8.7056, lon: 116.2706, capturedAt: '2025-03-15T08:00:00Z' },
    },
  ],
  location: { lat: -8.7056, lon: 116.2706, accuracyM: 5 },
  photoMatches: [],
  conflicts: [],
  window: { kind: 'additions', submittedAt: '2025-03-16T02:00:00Z' },
  asOf: new Date('2025-03-16T02:00:00Z'),
};
const config = { geotagMaxDistanceM: 200, geotagMaxAgeDays: 90, windows: defaultWindowConfig };

describe('runChecks', () => {
  it('answers every check once, in a fixed order', () => {
    expect(runChecks(facts, config).map((outcome) => outcome.check)).toEqual([
      'identity',
      'dukcapil_match',
      'duplicate_nik',
      'duplicate_kk',
      'evidence_completeness',
      'geotag',
      'photo_reuse',
      'conflicting_proposal',
      'proposal_window',
    ]);
  });

  it('is a pure function of the facts: the same facts give the same results', () => {
    const first = runChecks(facts, config);
    expect(runChecks(structuredClone(facts), config)).toEqual(first);
    expect(first.map((outcome) => outcome.result)).toEqual([
      'pass',
      'warn', // nobody in the population reference
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
  });
});
