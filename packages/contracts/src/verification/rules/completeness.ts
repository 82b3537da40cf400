import type { DocumentKind } from '../../documents/kinds.ts';

/** One piece of evidence attached to a proposal, as completeness sees it. */
export interface EvidenceItem {
  kind: DocumentKind;
  /** The document carries a usable GPS geotag (meaningful for `foto_rumah`). */
  geotagged: boolean;
}

/**
 * What is still needed: `foto_rumah_geotagged`; `berita_acara` or `daftar_hadir` when the
 * other meeting document is there; `meeting_documents_or_stpjm` when neither is, nor `stpjm`.
 */
export type MissingEvidence = 'foto_rumah_geotagged' | 'berita_acara' | 'daftar_hadir' | 'meeting_documents_or_stpjm';

export interface Completeness {
  complete: boolean;
  missing: MissingEvidence[];
}

/**
 * Evidence completeness of a proposal (DOMAIN.md "Evidence"): a `new_household` proposal is
 * complete with (`berita_acara` + `daftar_hadir` + a geotagged `foto_rumah`) or with
 * (`stpjm` + a geotagged `foto_rumah`). No other proposal type has an evidence rule yet.
 */
export function evidenceCompleteness(proposalType: string, items: readonly EvidenceItem[]): Completeness {
  if (proposalType !== 'new_household') return { complete: true, missing: [] };
  const has = (kind: DocumentKind): boolean => items.some((item) => item.kind === kind);
  const missing: MissingEvidence[] = [];
  if (!has('stpjm')) {
    const minutes = has('berita_acara');
    const attendance = has('daftar_hadir');
    if (minutes && !attendance) missing.push('daftar_hadir');
    else if (!minutes && attendance) missing.push('berita_acara');
    else if (!minutes && !attendance) missing.push('meeting_documents_or_stpjm');
  }
  if (!items.some((item) => item.kind === 'foto_rumah' && item.geotagged)) missing.push('foto_rumah_geotagged');
  return { complete: missing.length === 0, missing };
}
