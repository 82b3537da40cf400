import { describe, expect, it } from 'vitest';
import { evidenceCheck, geotagCheck, photoReuseCheck } from './evidence.ts';
import type { EvidenceFacts } from './facts.ts';

const asOf = new Date('2025-03-16T02:00:00Z');
const house = { lat: -8.7056, lon: 116.2706, accuracyM: 5 };
const photo = (id: string, geotag?: EvidenceFacts['geotag']): EvidenceFacts => ({
  documentId: `01950000-0000-7000-8000-00000000000${id}`,
  kind: 'foto_rumah',
  ...(geotag ? { geotag } : {}),
});
const near = { lat: -8.7057, lon: 116.2707, capturedAt: '2025-03-10T09:00:00+08:00' };
const far = { lat: -8.75, lon: 116.2706, capturedAt: '2025-03-10T09:00:00+08:00' };
const minutes: EvidenceFacts = { documentId: 'm', kind: 'berita_acara' };
const attendance: EvidenceFacts = { documentId: 'd', kind: 'daftar_hadir' };
const limits = { maxDistanceM: 100, maxAgeDays: 30 };

describe('evidence completeness', () => {
  it('passes complete evidence and lists what is missing otherwise', () => {
    expect(evidenceCheck('new_household', [minutes, attendance, photo('1', near)])).toMatchObject({
      result: 'pass',
      reason: 'complete',
    });
    expect(evidenceCheck('new_household', [minutes, photo('1')])).toEqual({
      check: 'evidence_completeness',
      result: 'fail',
      reason: 'incomplete',
      details: { missing: ['daftar_hadir', 'foto_rumah_geotagged'] },
    });
    expect(evidenceCheck('update', []).reason).toBe('not_applicable');
  });
});

describe('geotag', () => {
  it('lets the best photo decide and reports the distance', () => {
    const outcome = geotagCheck('new_household', [photo('1', far), photo('2', near)], house, asOf, limits);
    expect(outcome).toMatchObject({ result: 'pass', reason: 'ok' });
    expect(outcome.details).toMatchObject({ photos: 2, failedPhotos: 1 });
    expect(outcome.details?.['distanceM']).toBeLessThan(20);
  });

  it('fails photos too far away or without GPS, and a new household without any photo', () => {
    expect(geotagCheck('new_household', [photo('1', far)], house, asOf, limits).reason).toBe('too_far');
    expect(geotagCheck('new_household', [photo('1')], house, asOf, limits).reason).toBe('no_gps');
    expect(geotagCheck('new_household', [minutes], house, asOf, limits).reason).toBe('no_photo');
    expect(geotagCheck('add_member', [], house, asOf, limits).reason).toBe('not_applicable');
  });

  it('judges age against the submission time', () => {
    const later = new Date('2025-06-01T00:00:00Z');
    expect(geotagCheck('new_household', [photo('1', near)], house, later, limits).reason).toBe('too_old');
  });

  it('warns without a household location to compare with', () => {
    expect(geotagCheck('new_household', [photo('1', near)], undefined, asOf, limits)).toMatchObject({
      result: 'warn',
      reason: 'no_household_location',
    });
  });
});

describe('photo reuse', () => {
  const mine = photo('1', near);
  const elsewhere = {
    documentId: mine.documentId,
    otherProposalId: '01950000-0000-7000-8000-0000000000ff',
    regionCode: '52.02.01.1002',
  };

  it('fails a photo that backs a proposal about another household', () => {
    expect(photoReuseCheck([mine], [{ ...elsewhere, by: 'sha256' }], undefined)).toEqual({
      check: 'photo_reuse',
      result: 'fail',
      reason: 'same_file_elsewhere',
      details: { photos: 1, proposals: 1, regions: ['52.02.01.1002'] },
    });
    expect(photoReuseCheck([mine], [{ ...elsewhere, by: 'perceptual' }], undefined).reason).toBe(
      'same_image_elsewhere',
    );
  });

  it('accepts the same photo on another proposal about the same household', () => {
    const household = '01950000-0000-7000-8000-0000000000aa';
    expect(
      photoReuseCheck([mine], [{ ...elsewhere, by: 'sha256', otherHouseholdId: household }], household).result,
    ).toBe('pass');
    expect(photoReuseCheck([minutes], [], undefined).reason).toBe('not_applicable');
  });
});
