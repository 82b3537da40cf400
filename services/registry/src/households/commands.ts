import type { DeactivationReason, HouseholdRecord, MemberRecord, Sealed } from '@siks/contracts';

/** A NIK correction as the proposal stores it: both blind indexes in clear, the numbers sealed. */
export interface NikCorrection {
  oldNikIndex: string;
  newNikIndex: string;
  personal: Sealed;
}

export interface RemovedMember {
  nikIndex: string;
  reason: 'meninggal' | 'pindah' | 'menikah' | 'duplikat' | 'lainnya';
  effectiveDate?: string;
  personal: Sealed;
}

/**
 * What an approved proposal asks of one household. Every command names the proposal; the
 * proposal's village (`regionCode`) must be the household's for commands that do not move it.
 */
export type HouseholdCommand =
  | {
      type: 'RegisterHousehold';
      householdId: string;
      proposalId: string;
      household: HouseholdRecord;
      splitFrom?: string;
    }
  | { type: 'UpdateHousehold'; proposalId: string; household: HouseholdRecord }
  | { type: 'CorrectNiks'; proposalId: string; corrections: NikCorrection[] }
  | { type: 'AddMembers'; proposalId: string; regionCode: string; members: MemberRecord[] }
  | { type: 'RemoveMembers'; proposalId: string; regionCode: string; members: RemovedMember[] }
  | {
      type: 'DeactivateHousehold';
      proposalId: string;
      /** The proposal's village: the household must lie in it (found by person or KK only there). */
      regionCode: string;
      reason: DeactivationReason;
      date: string;
      person?: { nikIndex: string; personal: Sealed };
      personal?: Sealed;
    }
  | { type: 'ReactivateHousehold'; proposalId: string; regionCode: string; personal: Sealed }
  | { type: 'SplitHousehold'; proposalId: string; newHouseholdId: string; household: HouseholdRecord };
