import {
  evidenceCompleteness,
  judgeGeotag,
  type CheckOutcome,
  type DocumentKind,
  type GeotagJudgement,
  type ProposalType,
} from '@siks/contracts';
import type { EvidenceFacts, HouseholdLocation, PhotoMatch } from './facts.ts';

const isKind = (kind: string): kind is DocumentKind =>
  ['berita_acara', 'daftar_hadir', 'foto_rumah', 'stpjm', 'ktp', 'kk'].includes(kind);

/** `evidence_completeness` (DOMAIN.md "Evidence"), by the shared rule of `@siks/contracts`. */
export function evidenceCheck(proposalType: ProposalType, evidence: readonly EvidenceFacts[]): CheckOutcome {
  const check = 'evidence_completeness';
  if (proposalType !== 'new_household') return { check, result: 'pass', reason: 'not_applicable' };
  const items = evidence.flatMap((item) =>
    isKind(item.kind) ? [{ kind: item.kind, geotagged: item.geotag !== undefined }] : [],
  );
  const { complete, missing } = evidenceCompleteness(proposalType, items);
  return complete
    ? { check, result: 'pass', reason: 'complete', details: { documents: items.length } }
    : { check, result: 'fail', reason: 'incomplete', details: { missing } };
}

export interface GeotagLimits {
  maxDistanceM: number;
  maxAgeDays: number;
}

const RANK = { pass: 0, warn: 1, fail: 2 } as const;

/**
 * `geotag`: the house photos judged against the household's recorded location and the
 * submission time (`asOf`); the best photo decides (one good photo is what completeness asks
 * for). A `new_household` without any house photo fails with `no_photo`.
 */
export function geotagCheck(
  proposalType: ProposalType,
  evidence: readonly EvidenceFacts[],
  location: HouseholdLocation | undefined,
  asOf: Date,
  limits: GeotagLimits,
): CheckOutcome {
  const check = 'geotag';
  const photos = evidence.filter((item) => item.kind === 'foto_rumah');
  if (photos.length === 0)
    return proposalType === 'new_household'
      ? { check, result: 'fail', reason: 'no_photo' }
      : { check, result: 'pass', reason: 'not_applicable' };
  const judgements = photos.map((photo) =>
    judgeGeotag({ photo: photo.geotag, household: location, now: asOf, ...limits }),
  );
  let best: GeotagJudgement | undefined;
  for (const judgement of judgements) if (!best || RANK[judgement.result] < RANK[best.result]) best = judgement;
  const chosen = best ?? { result: 'fail', reason: 'no_gps', reasons: ['no_gps'] };
  const details: Record<string, number | string[]> = {
    photos: photos.length,
    failedPhotos: judgements.filter((judgement) => judgement.result === 'fail').length,
  };
  if (chosen.distanceM !== undefined) details['distanceM'] = Math.round(chosen.distanceM);
  if (chosen.reasons.length > 1) details['findings'] = chosen.reasons;
  return { check, result: chosen.result, reason: chosen.reason, details };
}

/**
 * `photo_reuse` (DOMAIN.md: the same photo is not evidence for two different households): a
 * house photo of this proposal has the same SHA-256, or the same perceptual hash (the same
 * picture re-encoded), as a photo of a proposal about another household.
 */
export function photoReuseCheck(
  evidence: readonly EvidenceFacts[],
  matches: readonly PhotoMatch[],
  targetHouseholdId: string | undefined,
): CheckOutcome {
  const check = 'photo_reuse';
  const photos = new Set(evidence.filter((item) => item.kind === 'foto_rumah').map((item) => item.documentId));
  if (photos.size === 0) return { check, result: 'pass', reason: 'not_applicable' };
  const reused = matches.filter(
    (match) =>
      photos.has(match.documentId) && (targetHouseholdId === undefined || match.otherHouseholdId !== targetHouseholdId),
  );
  if (reused.length === 0) return { check, result: 'pass', reason: 'unique' };
  const sameFile = reused.some((match) => match.by === 'sha256');
  return {
    check,
    result: 'fail',
    reason: sameFile ? 'same_file_elsewhere' : 'same_image_elsewhere',
    details: {
      photos: new Set(reused.map((match) => match.documentId)).size,
      proposals: new Set(reused.map((match) => match.otherProposalId)).size,
      regions: [...new Set(reused.map((match) => match.regionCode))].sort(),
    },
  };
}
