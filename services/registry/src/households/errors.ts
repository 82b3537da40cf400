/** Why a proposal cannot be applied to a household (a stable code, no personal data). */
export type RuleCode =
  | 'household_not_found'
  | 'household_exists'
  | 'household_inactive'
  | 'already_active'
  | 'already_inactive'
  | 'region_mismatch'
  | 'member_already_present'
  | 'member_not_present'
  | 'second_head'
  | 'ambiguous_target'
  | 'no_members_moved'
  | 'content_missing'
  | 'content_forgotten'
  /** A person (NIK) the proposal registers or adds is active in another household, unresolved or out of reach. */
  | 'nik_active_elsewhere'
  /** The KK the proposal registers is active in another household, unresolved or out of reach. */
  | 'kk_active_elsewhere';

/** A business rule refused the change; the proposal is recorded as not applied with this code. */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
  constructor(readonly code: RuleCode) {
    super(`registry rule: ${code}`);
  }
}
