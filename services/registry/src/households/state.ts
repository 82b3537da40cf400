import type { HouseholdRecord, HouseholdStatus, MemberRecord, Sealed } from '@siks/contracts';

/** A member as the registry keeps it: the proposal's record, plus a NIK correction if one was applied. */
export type MemberState = MemberRecord & {
  /** Sealed `{oldNik, newNik, name}` of the last NIK correction; `nikIndex` is already the new one. */
  nikCorrection?: Sealed;
};

/**
 * The data of a household (the target of field paths, see `FieldChange`): everything personal
 * is sealed as intake sealed it; the blind indexes are in clear.
 */
export type HouseholdDoc = Omit<HouseholdRecord, 'members'> & { members: MemberState[] };

/** The Household aggregate's state; `null` before it is registered. */
export interface HouseholdState {
  householdId: string;
  status: HouseholdStatus;
  /** Why and since when it is inactive; absent while active. */
  deactivation?: { reason: string; date: string };
  doc: HouseholdDoc;
  /** The household it was split off, if any. */
  splitFrom?: string;
  /** Households split off from it. */
  splits: string[];
  /** The proposals applied to it, oldest first. */
  proposalIds: string[];
}

/** The household data a proposal states, as the registry keeps it. */
export function docOf(record: HouseholdRecord): HouseholdDoc {
  return structuredClone(record);
}

export const isHead = (member: MemberRecord): boolean => member.relationship === 'kepala_keluarga';
