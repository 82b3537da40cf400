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
    });
  }
  return [...byId.values()].sort((a, b) =>
    a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.revision - b.revision,
  );
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
