/** Building the audit timeline (pure): one entry per event, the clearest available changes. */

export interface Change {
  path: string;
  from?: unknown;
  to?: unknown;
  forgotten?: boolean;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { userId: string; role: string };
  channel: string;
  reason: string | null;
  changes: Change[];
  fields: string[];
  streamId: string;
  revision: number;
  /** The event this one carried out, when the audit names it. */
  causationId?: string;
  /** The same decision as recorded on the other stream (a case's `CaseReturned` beside `ProposalReturned`). */
  twin?: { eventId: string; type: string; streamId: string; revision: number; actor: TimelineEntry['actor'] };
}

/** An entry of `GET /v1/reports/audit`. */
export interface ReportAuditEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { userId: string; role: string; regionCode: string };
  channel: string;
  reason: string | null;
  changes: Change[] | null;
  fields: string[] | null;
  streamId: string;
  revision: number;
  causationId?: string | null;
}

/** An entry of a stream history (`/v1/intake/proposals/:id/history`, registry household history). */
export interface StreamHistoryEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  revision: number;
  actor: { userId: string; role: string };
  channel: string;
  reason?: string;
  changes?: Change[];
  fields?: string[];
}

/**
 * Merges the reporting audit (every stream in scope) with a stream's own history (personal
 * values opened and masked by the owning service): by event id, the history's changes win.
 */
export function mergeTimeline(
  audit: readonly ReportAuditEntry[],
  history: readonly StreamHistoryEntry[],
  historyStream: string,
): TimelineEntry[] {
  const byId = new Map<string, TimelineEntry>();
  for (const entry of audit)
    byId.set(entry.eventId, {
      eventId: entry.eventId,
      type: entry.type,
      occurredAt: entry.occurredAt,
      actor: { userId: entry.actor.userId, role: entry.actor.role },
      channel: entry.channel,
      reason: entry.reason,
      changes: entry.changes ?? [],
      fields: entry.fields ?? [],
      streamId: entry.streamId,
      revision: entry.revision,
      ...(entry.causationId ? { causationId: entry.causationId } : {}),
    });
  for (const entry of history) {
    const known = byId.get(entry.eventId);
    byId.set(entry.eventId, {
      eventId: entry.eventId,
      type: entry.type,
      occurredAt: entry.occurredAt,
      actor: { userId: entry.actor.userId, role: entry.actor.role },
      channel: entry.channel,
      reason: entry.reason ?? known?.reason ?? null,
      changes: entry.changes && entry.changes.length > 0 ? entry.changes : (known?.changes ?? []),
      fields: entry.fields ?? known?.fields ?? [],
      streamId: known?.streamId ?? historyStream,
      revision: entry.revision,
      ...(known?.causationId ? { causationId: known.causationId } : {}),
    });
  }
  return mergeTwins(
    [...byId.values()].sort((a, b) =>
      a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.revision - b.revision,
    ),
  );
}

/** A verification decision and the proposal outcome intake records for it: one decision, two streams. */
const TWINS: Readonly<Record<string, string>> = {
  CaseReturned: 'ProposalReturned',
  CaseVerified: 'ProposalVerified',
  CaseRejected: 'ProposalRejected',
  CaseApproved: 'ProposalApproved',
};

/**
 * One entry per decision: a case's decision and the proposal event that carries it out read as
 * the same thing twice. The proposal's entry stays (its stream is the one whose revisions the
 * page checks) and keeps the case event as its `twin`, ids included. The twin is the proposal
 * event caused by the case event when the audit names the cause; else the first later proposal
 * event of the pair's type by the same person not yet paired (intake carries the decision out
 * after verification made it, with the decider as actor and the same reason).
 */
export function mergeTwins(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const twinOf = new Map<string, TimelineEntry>();
  const paired = new Set<string>();
  for (const decision of entries) {
    const outcome = TWINS[decision.type];
    if (!outcome) continue;
    const candidates = entries.filter(
      (entry) => entry.type === outcome && !paired.has(entry.eventId) && entry.streamId !== decision.streamId,
    );
    const twin =
      candidates.find((entry) => entry.causationId === decision.eventId) ??
      candidates.find(
        (entry) =>
          entry.causationId === undefined &&
          entry.occurredAt >= decision.occurredAt &&
          entry.actor.userId === decision.actor.userId &&
          (entry.reason === null || decision.reason === null || entry.reason === decision.reason),
      );
    if (!twin) continue;
    paired.add(twin.eventId);
    twinOf.set(twin.eventId, decision);
  }
  const absorbed = new Set([...twinOf.values()].map((decision) => decision.eventId));
  return entries
    .filter((entry) => !absorbed.has(entry.eventId))
    .map((entry) => {
      const decision = twinOf.get(entry.eventId);
      if (!decision) return entry;
      return {
        ...entry,
        reason: entry.reason ?? decision.reason,
        fields: entry.fields.length > 0 ? entry.fields : decision.fields,
        channel: decision.channel,
        twin: {
          eventId: decision.eventId,
          type: decision.type,
          streamId: decision.streamId,
          revision: decision.revision,
          actor: decision.actor,
        },
      };
    });
}

export interface ContinuityReport {
  /** Streams whose revisions run 0..n without a gap. */
  complete: string[];
  /** The first missing revision per stream with a gap. */
  gaps: { streamId: string; missing: number }[];
}

/**
 * Whether each stream's revisions shown run from 0 without a gap: that nothing is missing from
 * the view. The hash chain itself is verified by the owning service (`…/chain` endpoints).
 */
export function revisionContinuity(entries: readonly Pick<TimelineEntry, 'streamId' | 'revision'>[]): ContinuityReport {
  const byStream = new Map<string, number[]>();
  for (const entry of entries) {
    const list = byStream.get(entry.streamId) ?? [];
    list.push(entry.revision);
    byStream.set(entry.streamId, list);
  }
  const report: ContinuityReport = { complete: [], gaps: [] };
  for (const [streamId, revisions] of [...byStream.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = [...new Set(revisions)].sort((a, b) => a - b);
    const missing = sorted.findIndex((revision, index) => revision !== index);
    if (missing === -1) report.complete.push(streamId);
    else report.gaps.push({ streamId, missing });
  }
  return report;
}
