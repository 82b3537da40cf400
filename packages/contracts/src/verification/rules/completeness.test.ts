import { describe, expect, it } from 'vitest';
import { evidenceCompleteness, type EvidenceItem } from './completeness.ts';

const photo: EvidenceItem = { kind: 'foto_rumah', geotagged: true };
const untaggedPhoto: EvidenceItem = { kind: 'foto_rumah', geotagged: false };
const minutes: EvidenceItem = { kind: 'berita_acara', geotagged: false };
const attendance: EvidenceItem = { kind: 'daftar_hadir', geotagged: false };
const stpjm: EvidenceItem = { kind: 'stpjm', geotagged: false };

describe('evidenceCompleteness', () => {
  it('accepts meeting documents plus a geotagged house photo', () => {
    expect(evidenceCompleteness('new_household', [minutes, attendance, photo])).toEqual({
      complete: true,
      missing: [],
    });
  });

  it('accepts an STPJM instead of the meeting documents', () => {
    expect(evidenceCompleteness('new_household', [stpjm, photo]).complete).toBe(true);
  });

  it('names the missing meeting document and the missing geotagged photo', () => {
    expect(evidenceCompleteness('new_household', [minutes, untaggedPhoto]).missing).toEqual([
      'daftar_hadir',
      'foto_rumah_geotagged',
    ]);
    expect(evidenceCompleteness('new_household', [attendance, photo]).missing).toEqual(['berita_acara']);
    expect(evidenceCompleteness('new_household', []).missing).toEqual([
      'meeting_documents_or_stpjm',
      'foto_rumah_geotagged',
    ]);
  });

  it('counts a geotag only on a house photo, and identity documents as no evidence', () => {
    const geotaggedKtp: EvidenceItem = { kind: 'ktp', geotagged: true };
    expect(evidenceCompleteness('new_household', [stpjm, geotaggedKtp]).missing).toEqual(['foto_rumah_geotagged']);
    expect(
      evidenceCompleteness('new_household', [
        { kind: 'ktp', geotagged: false },
        { kind: 'kk', geotagged: false },
      ]).missing,
    ).toEqual(['meeting_documents_or_stpjm', 'foto_rumah_geotagged']);
  });

  it('has no rule for other proposal types', () => {
    expect(evidenceCompleteness('deactivate', [])).toEqual({ complete: true, missing: [] });
  });
});
