import type { AdmindukEvent, Geotag, ProposalType, Relationship, Sex } from '@siks/contracts';
import type { WindowFacts } from './window.ts';

/**
 * What the automated checks look at, gathered from the read models (inputs/gather.ts) with
 * personal fields opened. The checks are pure functions of these facts; nothing here is
 * ever logged, and check results carry content paths and codes only.
 */

/** A person a proposal names: a member it adds (`member`) or one it is about (`subject`). */
export interface PersonFacts {
  /** Content path, e.g. `household.members.1`, `members.0`, `person`, `nikCorrections.0`. */
  path: string;
  nikIndex: string;
  role: 'member' | 'subject';
  /** Opened personal fields; all undefined when the person's data was forgotten (crypto-shredded). */
  nik?: string | undefined;
  name?: string | undefined;
  birthDate?: string | undefined;
  /** Declared in clear on members. */
  sex?: Sex | undefined;
  relationship?: Relationship | undefined;
  forgotten: boolean;
}

/** The household's KK number, when the proposal states one. */
export interface KkFacts {
  path: string;
  index: string;
  number?: string | undefined;
  forgotten: boolean;
}

/** One line of the population reference (adminduk extract) about a NIK. */
export interface ReferenceFacts {
  nikIndex: string;
  newNikIndex?: string | undefined;
  event: AdmindukEvent;
  eventDate: string;
  regionCode: string;
  destinationRegionCode?: string | undefined;
  name?: string | undefined;
  birthDate?: string | undefined;
  forgotten: boolean;
}

/** An active registry household holding a NIK (or the KK number). */
export interface ActiveHouseholdMatch {
  nikIndex?: string | undefined;
  householdId: string;
  regionCode: string;
}

/** Another pending proposal naming the same NIK as a member (or the same KK number). */
export interface PendingProposalMatch {
  nikIndex?: string | undefined;
  proposalId: string;
  regionCode: string;
  householdId?: string | undefined;
}

export interface EvidenceFacts {
  documentId: string;
  kind: string;
  geotag?: Geotag | undefined;
}

/** A document of another proposal with the same bytes (`sha256`) or the same picture (`perceptual`). */
export interface PhotoMatch {
  documentId: string;
  by: 'sha256' | 'perceptual';
  otherProposalId: string;
  otherHouseholdId?: string | undefined;
  regionCode: string;
}

export interface ConflictFacts {
  proposalId: string;
  regionCode: string;
  on: 'household' | 'person';
}

export interface HouseholdLocation {
  lat: number;
  lon: number;
  accuracyM?: number | undefined;
}

export interface CaseFacts {
  proposalId: string;
  proposalType: ProposalType;
  regionCode: string;
  /** The registry household the proposal is about (named, or found by its person or KK). */
  targetHouseholdId?: string | undefined;
  people: PersonFacts[];
  kk?: KkFacts | undefined;
  location?: HouseholdLocation | undefined;
  references: ReferenceFacts[];
  activeByNik: ActiveHouseholdMatch[];
  activeByKk: ActiveHouseholdMatch[];
  pendingByNik: PendingProposalMatch[];
  pendingByKk: PendingProposalMatch[];
  evidence: EvidenceFacts[];
  photoMatches: PhotoMatch[];
  conflicts: ConflictFacts[];
  window: WindowFacts;
  /** The (latest) submission time: photo ages and the NIK century are judged against it. */
  asOf: Date;
}
