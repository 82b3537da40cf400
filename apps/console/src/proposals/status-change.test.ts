import { describe, expect, it } from 'vitest';
import { emptyStatusChange, statusChangeProposal } from './status-change.ts';

const household = { householdId: '0190a8f2-3c4d-7e5f-8a9b-0c1d2e3f4a5b', regionCode: '52.02.01.1001' };

describe('statusChangeProposal', () => {
  it('builds a deactivation of the household with its reason and date', () => {
    const check = statusChangeProposal(
      { kind: 'deactivate', reason: 'meninggal', effectiveDate: '2026-11-20', note: '  Surat kematian desa  ' },
      household,
      'id',
    );
    expect(check).toEqual({
      ok: true,
      proposal: {
        type: 'deactivate',
        ...household,
        reason: 'meninggal',
        effectiveDate: '2026-11-20',
        note: 'Surat kematian desa',
      },
    });
  });

  it('names the missing reason of a deactivation and the missing note of a reactivation, in the language asked', () => {
    const deactivation = statusChangeProposal(emptyStatusChange('deactivate'), household, 'en');
    expect(deactivation.ok).toBe(false);
    expect(deactivation).toEqual({ ok: false, errors: { reason: 'is required' } });
    const reactivation = statusChangeProposal(emptyStatusChange('reactivate'), household, 'id');
    expect(reactivation).toEqual({ ok: false, errors: { note: 'Alasan wajib diisi.' } });
  });

  it('refuses a date that is not a calendar date', () => {
    const check = statusChangeProposal(
      { kind: 'deactivate', reason: 'pindah', effectiveDate: '2026-02-30', note: '' },
      household,
      'en',
    );
    expect(check.ok).toBe(false);
    if (!check.ok) expect(Object.keys(check.errors)).toEqual(['effectiveDate']);
  });
});
