import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.ts';
import { leafText, type LogLeaf } from './leaf.ts';

const leaf: LogLeaf = {
  v: 1,
  logPosition: '812:40',
  eventId: '0190c1f2-0000-7000-8000-000000000000',
  streamId: 'proposal-0190c1f2-"quoted"\\-é',
  revision: 3,
  type: 'ProposalSubmitted',
  recordedAt: '2026-12-07T12:00:00.123456Z',
  actor: { userId: 'operator.praya', role: 'operator_desa', regionCode: '52.02.01.2001' },
  hash: 'ab'.repeat(32),
};

describe('leaf data', () => {
  it('is the canonical JSON of the leaf, with and without an actor', () => {
    expect(leafText(leaf)).toBe(canonicalJson(leaf));
    expect(leafText({ ...leaf, actor: null, revision: 0 })).toBe(canonicalJson({ ...leaf, actor: null, revision: 0 }));
    expect(leafText(leaf)).toMatch(
      /^\{"actor":\{"regionCode":"52\.02\.01\.2001","role":"operator_desa","userId":"operator\.praya"\},"eventId":/,
    );
  });
});
