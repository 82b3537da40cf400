import type { RecordedEvent } from '@siks/contracts';
import { auditChanges, fieldPaths, type AuditChange } from '../../events/changes.ts';
import { findingsOf } from '../quality/project.ts';
import { documentIdOf, householdIdOf, occurredAt, proposalIdOf, reasonOf, type Data } from '../../events/read.ts';
import type { RegionResolution } from '../region-keys.ts';
import type { TableShape } from '../sql.ts';

/** One event as the audit keeps it: who, when, through which channel, why, and which fields; never personal data. */
export interface AuditRow {
  event_id: string;
  event_type: string;
  stream_id: string;
  revision: number;
  log_position: string;
  occurred_at: string;
  recorded_at: string;
  actor_id: string;
  actor_role: string;
  actor_region: string;
  channel: string;
  reason: string | null;
  changes: AuditChange[] | null;
  fields: string[] | null;
  details: Record<string, string | number | boolean | string[] | { check: string; result: string }[]> | null;
  proposal_id: string | null;
  household_id: string | null;
  document_id: string | null;
  region_code: string | null;
  region_key: string | null;
  correlation_id: string | null;
  causation_id: string | null;
}

export const AUDIT_TABLE: TableShape<AuditRow> = {
  key: ['event_id'],
  columns: {
    event_id: 'uuid',
    event_type: 'text',
    stream_id: 'text',
    revision: 'integer',
    log_position: 'text',
    occurred_at: 'timestamptz',
    recorded_at: 'timestamptz',
    actor_id: 'text',
    actor_role: 'text',
    actor_region: 'text',
    channel: 'text',
    reason: 'text',
    changes: 'jsonb',
    fields: 'jsonb',
    details: 'jsonb',
    proposal_id: 'uuid',
    household_id: 'uuid',
    document_id: 'uuid',
    region_code: 'text',
    region_key: 'text',
    correlation_id: 'text',
    causation_id: 'text',
  },
};

/**
 * Data fields copied into `details` when they hold a short string, a number or a boolean. Only
 * codes and ids: no free text (free text may name people) and nothing of DESIGN.md §6.
 */
const DETAIL_KEYS = [
  'proposalType',
  'channel',
  'window',
  'opensOn',
  'round',
  'decision',
  'status',
  'kind',
  'mediaType',
  'size',
  'category',
  'event',
  'eventDate',
  'effectiveDate',
  'date',
  'batchId',
  'fieldValidationId',
  'outcome',
  'verificationCaseId',
  'importId',
  'cutoffId',
  'regencyCode',
  'newHouseholdId',
  'splitFrom',
  'trigger',
  'view',
  'asOf',
  'found',
  'period',
  'meetingId',
  'attendeeCount',
] as const;

function details(event: RecordedEvent): AuditRow['details'] {
  const data: Data = event.data;
  const out: NonNullable<AuditRow['details']> = {};
  for (const key of DETAIL_KEYS) {
    const value = data[key];
    if (typeof value === 'string' && value.length <= 100) out[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
    else if (typeof value === 'boolean') out[key] = value;
  }
  const households = data['householdIds'];
  if (Array.isArray(households) && households.length > 1) {
    out['householdCount'] = households.length;
  }
  // Where an imported proposal came from: the supervisor view counts a meeting's rows by these.
  const source = data['source'];
  if (typeof source === 'object' && source !== null && !Array.isArray(source)) {
    const { importId, meetingId, rows } = source as Record<string, unknown>;
    if (typeof importId === 'string' && importId.length <= 100) out['importId'] = importId;
    if (typeof meetingId === 'string' && meetingId.length <= 100) out['meetingId'] = meetingId;
    if (Array.isArray(rows) && typeof rows[0] === 'number') out['row'] = rows[0];
  }
  // The failing checks a verifikator verified over (check names only; the reason is the event's reason).
  const overrides = data['overrides'];
  if (Array.isArray(overrides) && overrides.length > 0)
    out['overrides'] = overrides.filter((name): name is string => typeof name === 'string').slice(0, 20);
  if (event.type === 'ChecksCompleted') {
    out['checks'] = findingsOf(event).map(({ check, result }) => ({ check, result }));
  }
  return Object.keys(out).length > 0 ? out : null;
}

const shortText = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value.slice(0, 200) : null;

export function auditRow(event: RecordedEvent, region: RegionResolution): AuditRow {
  const { actor } = event.metadata;
  return {
    event_id: event.eventId,
    event_type: event.type.slice(0, 200),
    stream_id: event.streamId,
    revision: event.revision,
    log_position: event.logPosition,
    occurred_at: occurredAt(event),
    recorded_at: event.recordedAt,
    actor_id: actor.userId,
    actor_role: actor.role,
    actor_region: typeof actor.regionCode === 'string' ? actor.regionCode : '',
    channel: typeof event.metadata.channel === 'string' ? event.metadata.channel : 'system',
    reason: reasonOf(event) ?? null,
    changes: auditChanges(event.data['changes']) ?? null,
    fields: fieldPaths(event.data['fields']) ?? null,
    details: details(event),
    proposal_id: proposalIdOf(event) ?? null,
    household_id: householdIdOf(event) ?? null,
    document_id: documentIdOf(event) ?? null,
    region_code: region.region,
    region_key: region.pendingKey,
    correlation_id: shortText(event.metadata.correlationId),
    causation_id: shortText(event.metadata.causationId),
  };
}
