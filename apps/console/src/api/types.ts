/** Response shapes the console reads (from the services' route files). */

export interface Geotag {
  lat: number;
  lon: number;
  altitude?: number;
  capturedAt?: string;
}

export interface DocumentView {
  documentId: string;
  kind: string;
  mediaType: string;
  size: number;
  sha256: string;
  regionCode: string;
  proposalIds: string[];
  geotag?: Geotag;
  uploadedBy: string;
  uploadedAt: string;
  duplicates: unknown[];
  duplicatesOutOfScope: number;
  contentUrl: string;
}

export interface ProposalListItem {
  proposalId: string;
  proposalType: string;
  regionCode: string;
  channel: string;
  status: string;
  revision: number;
  createdBy: { userId: string; role: string };
  createdAt: string;
  updatedAt: string;
  amendments: number;
  /** Set when the proposal came from an imported list (a meeting's musdes list or RT/RW). */
  importId?: string;
  deferredUntil?: string;
  memberCount?: number;
  headNik?: string;
  /** The head of household's name (the list opened it; absent when erased). */
  headName?: string;
}

export interface ProposalDetail extends ProposalListItem {
  /** Where an imported proposal came from (its rows, and the meeting of a musdes list). */
  source?: { importId: string; rows: number[]; meetingId?: string };
  returned?: { reason: string; fields?: string[] };
  verificationCaseId?: string;
  content: { type: string; household?: Record<string, unknown>; [key: string]: unknown } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface HistoryChange {
  path: string;
  from?: unknown;
  to?: unknown;
  forgotten?: true;
}

export interface ProposalHistoryEntry {
  revision: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { userId: string; role: string };
  channel: string;
  reason?: string;
  status: string;
  changes?: HistoryChange[];
  fields?: string[];
  opensOn?: string;
}

export interface CheckOutcome {
  check: string;
  result: 'pass' | 'warn' | 'fail';
  reason: string;
  details?: Record<string, unknown>;
}

/** A row of `GET /v1/verification/approvals/pending`: what the approver decides on. */
export interface ApprovalListItem {
  proposalId: string;
  regionCode: string;
  proposalType: string;
  channel: string;
  revision: number;
  family: { name: string | null; memberCount: number; programmes: string[] };
  checks: { check: string; result: 'pass' | 'warn' | 'fail'; reason: string }[];
  worst: 'pass' | 'warn' | 'fail';
  verified?: { by: { userId: string; role: string }; at: string; note?: string; overrides?: string[] };
}

export interface CaseListItem {
  proposalId: string;
  regionCode: string;
  proposalType: string;
  channel: string;
  status: string;
  revision: number;
  round: number;
  failCount: number;
  warnCount: number;
  openedAt: string;
  /** The head of household's name (the queue opened it; absent when erased). */
  headName?: string;
  updatedAt: string;
}

interface By {
  userId: string;
  role: string;
}

export interface CaseDetail {
  proposalId: string;
  regionCode: string;
  proposalType: string;
  channel: string;
  householdId?: string;
  status: string;
  revision: number;
  openedAt: string;
  updatedAt: string;
  checks: { round: number; trigger: string; at: string; by: By; results: CheckOutcome[] } | null;
  evidence: {
    documentId: string;
    kind: string | null;
    mediaType: string | null;
    geotagged: boolean;
    status: 'active' | 'rejected';
    recordedAt: string;
  }[];
  decisions: {
    decision: string;
    reason?: string;
    fields?: string[];
    overrides?: string[];
    batchId?: string;
    /** A ministry's return (`reopen`): the cut-off it came from. */
    cutoffId?: string;
    period?: string;
    by: By;
    at: string;
  }[];
  fieldValidations: {
    fieldValidationId: string;
    status: 'ordered' | 'recorded';
    instructions: string | null;
    orderedBy: By;
    orderedAt: string;
    outcome?: string;
    notes?: string | null;
    recordedBy?: By;
    recordedAt?: string;
  }[];
}
