import { z } from 'zod';

/**
 * The automated checks of a verification case (DOMAIN.md "Automated checks"). Each records a
 * result and a stable reason code; `details` names content paths, counts, region codes and
 * finding codes only, never personal data (no NIK, name, date of birth, address).
 */
export const CheckName = z.enum([
  /** NIK/KK syntax and consistency with the declared sex and birth date; one head per household. */
  'identity',
  /** *Padan Dukcapil*: NIK, name and birth date against the population reference. */
  'dukcapil_match',
  /** A member's NIK active in another household or proposed in another pending proposal, any village. */
  'duplicate_nik',
  /** The household's KK number active in another household or in another pending proposal. */
  'duplicate_kk',
  /** Required evidence attached (DOMAIN.md "Evidence"). */
  'evidence_completeness',
  /** House photos: GPS present, near the household's location, recent. */
  'geotag',
  /** The same photo (same SHA-256 or perceptual hash) backs a proposal for another household. */
  'photo_reuse',
  /** Another pending proposal on the same household (or the same person). */
  'conflicting_proposal',
  /** Submitted inside its monthly proposal window. */
  'proposal_window',
]);
export type CheckName = z.infer<typeof CheckName>;

export const CheckResult = z.enum(['pass', 'warn', 'fail']);
export type CheckResult = z.infer<typeof CheckResult>;

/**
 * Reason codes by check (results in brackets). Any check may answer `not_applicable` [pass]
 * for a proposal type it has no rule for.
 * - identity: `valid` [pass]; `invalid` [fail, details.findings like `household.members.1:nik.birthdate_mismatch`];
 *   `unknown_district` [warn]; `personal_data_unavailable` [warn: a subject was forgotten];
 *   `target_not_found` [fail: a deactivation's person or KK is in no active household of its village].
 * - dukcapil_match: `match` [pass]; `name_mismatch`, `birth_date_mismatch`, `recorded_deceased`,
 *   `nik_replaced` [fail]; `recorded_moved`, `no_reference` [warn]; `personal_data_unavailable` [warn].
 * - duplicate_nik / duplicate_kk: `unique` [pass]; `active_in_other_household`,
 *   `in_other_pending_proposal` [fail]; details.regions lists the other villages (cut to the
 *   reader's scope when shown, with `outsideScope: true` when some lie outside it).
 * - evidence_completeness: `complete` [pass]; `incomplete` [fail, details.missing].
 * - geotag: `ok` [pass]; `no_photo`, `no_gps`, `too_far`, `too_old` [fail];
 *   `no_household_location`, `no_capture_time`, `captured_in_future` [warn].
 * - photo_reuse: `unique` [pass]; `same_file_elsewhere`, `same_image_elsewhere` [fail].
 * - conflicting_proposal: `none` [pass]; `pending_on_same_household`, `pending_on_same_person` [fail].
 * - proposal_window: `inside_window`, `no_window` [pass]; `outside_window` [fail].
 */
export const CheckReason = z.string().regex(/^[a-z][a-z0-9_.:]{0,99}$/);

const DetailValue = z.union([z.string().max(200), z.number(), z.boolean(), z.array(z.string().max(200)).max(100)]);

export const CheckOutcome = z
  .object({
    check: CheckName,
    result: CheckResult,
    reason: CheckReason,
    /** Non-personal specifics: `paths` (content paths), `findings` (codes), `regions`, counts, metres, days. */
    details: z.record(z.string().max(50), DetailValue).optional(),
  })
  .strict();
export type CheckOutcome = z.infer<typeof CheckOutcome>;

/** The worst result of a set of outcomes (`pass` for none). */
export function worstCheckResult(outcomes: readonly Pick<CheckOutcome, 'result'>[]): CheckResult {
  if (outcomes.some((outcome) => outcome.result === 'fail')) return 'fail';
  if (outcomes.some((outcome) => outcome.result === 'warn')) return 'warn';
  return 'pass';
}
