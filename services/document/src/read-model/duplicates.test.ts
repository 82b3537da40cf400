import { describe, expect, it } from 'vitest';
import { matchesFor, type Candidate, type Offer } from './duplicates.ts';
import { bigintToHash, hashToBigint } from './perceptual-hash-sql.ts';

const id = (n: number) => `01950000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const offer: Offer = {
  documentId: id(1),
  proposalId: id(100),
  regionCode: '52.02.01.1001',
  kind: 'foto_rumah',
  sha256: 'a'.repeat(64),
  perceptualHash: '0f0f0f0f0f0f0f0f',
};
const candidate = (n: number, proposals: number[], sameBytes: boolean, distance: number | null): Candidate => ({
  documentId: id(n),
  regionCode: '52.02.01.1002',
  proposalIds: proposals.map(id),
  sameBytes,
  distance,
});

describe('matchesFor', () => {
  it('names each other proposal once per document, strongest match first', () => {
    const matches = matchesFor(
      offer,
      [candidate(3, [102], false, 4), candidate(2, [101, 100], true, 0), candidate(1, [100, 103], true, 0)],
      6,
    );
    expect(matches.map((match) => [match.documentId, match.proposalId, match.match, match.distance])).toEqual([
      [id(1), id(103), 'same_document', 0],
      [id(2), id(101), 'sha256', 0],
      [id(3), id(102), 'perceptual', 4],
    ]);
  });

  it('ignores the offered proposal itself, distances over the limit, and photos without a hash', () => {
    expect(matchesFor(offer, [candidate(1, [100], true, 0), candidate(2, [100], true, 0)], 6)).toEqual([]);
    expect(matchesFor(offer, [candidate(3, [101], false, 7), candidate(4, [101], false, null)], 6)).toEqual([]);
  });

  it('keeps at most 50 matches', () => {
    const many = Array.from({ length: 60 }, (_, i) => candidate(10 + i, [200 + i], true, 0));
    expect(matchesFor(offer, many, 6)).toHaveLength(50);
  });
});

describe('perceptual hashes as bigint', () => {
  it('round-trips all 64 bits, the top bit included', () => {
    for (const hash of ['0000000000000000', 'ffffffffffffffff', '8000000000000001', '0f0f0f0f0f0f0f0f']) {
      expect(bigintToHash(hashToBigint(hash))).toBe(hash);
    }
    expect(hashToBigint('ffffffffffffffff')).toBe('-1');
  });
});
