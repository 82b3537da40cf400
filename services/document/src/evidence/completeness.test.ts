import { describe, expect, it } from 'vitest';
import { evidenceCompleteness, type EvidenceItem } from './completeness.ts';

const doc = (kind: EvidenceItem['kind'], geotagged = false): EvidenceItem => ({ kind, geotagged });
const geoPhoto = doc('foto_rumah', true);

describe('evidenceCompleteness (new_household)', () => {
  it('is complete with meeting minutes, attendance list and a geotagged house photo', () => {
    expect(evidenceCompleteness('new_household', [doc('berita_acara'), doc('daftar_hadir'), geoPhoto])).toEqual({
      complete: true,
      missing: [],
    });
  });

  it('is complete with an STPJM and a geotagged house photo', () => {
    expect(evidenceCompleteness('new_household', [doc('stpjm'), geoPhoto])).toEqual({ complete: true, missing: [] });
  });

  it('does not count a house photo without a geotag', () => {
    expect(evidenceCompleteness('new_household', [doc('stpjm'), doc('foto_rumah')])).toEqual({
      complete: false,
      missing: ['foto_rumah_geotagged'],
    });
  });

  it('does not count a geotag on another kind of document', () => {
    expect(evidenceCompleteness('new_household', [doc('stpjm'), doc('ktp', true)]).missing).toEqual([
      'foto_rumah_geotagged',
    ]);
  });

  it('names the missing half of the meeting documents', () => {
    expect(evidenceCompleteness('new_household', [doc('berita_acara'), geoPhoto]).missing).toEqual(['daftar_hadir']);
    expect(evidenceCompleteness('new_household', [doc('daftar_hadir'), geoPhoto]).missing).toEqual(['berita_acara']);
  });

  it('asks for meeting documents or an STPJM, and the photo, when there is nothing', () => {
    expect(evidenceCompleteness('new_household', [])).toEqual({
      complete: false,
      missing: ['meeting_documents_or_stpjm', 'foto_rumah_geotagged'],
    });
    expect(evidenceCompleteness('new_household', [doc('ktp'), doc('kk')]).complete).toBe(false);
  });

  it('sets no evidence rule for other proposal types', () => {
    expect(evidenceCompleteness('update', [])).toEqual({ complete: true, missing: [] });
  });
});
