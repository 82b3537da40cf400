import { RegionCode } from '@siks/contracts';
import { notFound, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import type { ReportDeps } from './deps.ts';
import { queryRegion, withinSql, type RegionRef } from './regions.ts';
import { ErrorCodes, LocalDate, validation } from './schemas.ts';

const Instant = z.union([z.iso.datetime({ offset: true }), LocalDate]);

export const AuditQuery = z
  .object({
    /** A user id (the `sub` of their token). */
    actor: z.string().min(1).max(200).optional(),
    proposalId: z.uuid().optional(),
    householdId: z.uuid().optional(),
    type: z
      .string()
      .regex(/^[A-Za-z]{1,100}$/)
      .optional(),
    region: RegionCode.refine((code) => code !== '').optional(),
    /** From this time (inclusive) or date (in REPORTS_TIME_ZONE). */
    from: Instant.optional(),
    /** Until this time (exclusive) or through this date. */
    to: Instant.optional(),
    order: z.enum(['asc', 'desc']).default('asc'),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

const Change = z.object({ path: z.string(), from: z.json().optional(), to: z.json().optional() });

export const AuditEntry = z.object({
  eventId: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  actor: z.object({ userId: z.string(), role: z.string(), regionCode: z.string() }),
  channel: z.string(),
  reason: z.string().nullable(),
  changes: z.array(Change).nullable(),
  fields: z.array(z.string()).nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  proposalId: z.string().nullable(),
  householdId: z.string().nullable(),
  documentId: z.string().nullable(),
  regionCode: z.string().nullable(),
  streamId: z.string(),
  revision: z.number().int(),
  logPosition: z.string(),
  /** The event this one reacted to (a proposal's outcome names the case decision it carries out). */
  causationId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditResponse = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditResponse = z.infer<typeof AuditResponse>;

interface AuditDbRow {
  event_id: string;
  event_type: string;
  occurred_at: Date;
  recorded_at: Date;
  cursor_time: string;
  actor_id: string;
  actor_role: string;
  actor_region: string;
  channel: string;
  reason: string | null;
  changes: AuditEntry['changes'];
  fields: string[] | null;
  details: Record<string, unknown> | null;
  proposal_id: string | null;
  household_id: string | null;
  document_id: string | null;
  region_code: string | null;
  stream_id: string;
  revision: number;
  log_position: string;
  causation_id: string | null;
}

const encodeCursor = (time: string, id: string): string =>
  Buffer.from(JSON.stringify([time, id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/.test(value[0]) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // falls through to the 400
  }
  throw validation('query.cursor', ErrorCodes.cursor);
}

/** A time bound as SQL: a date is a local midnight (`to` dates are inclusive: the next midnight). */
function bound(value: string, end: boolean, params: unknown[], timeZone: string): string {
  if (LocalDate.safeParse(value).success) {
    params.push(value, timeZone);
    return `((($${params.length - 1}::date + ${end ? 1 : 0})::timestamp) AT TIME ZONE $${params.length})`;
  }
  params.push(value);
  return `$${params.length}::timestamptz`;
}

/**
 * Who did what to which proposal or household, when, through which channel, why, and which
 * fields changed, within `region` (the caller's scope by default). 404 when a named proposal or
 * household has nothing visible in that scope (unknown and out of scope answer alike).
 */
export async function auditTrail(deps: ReportDeps, region: RegionRef, query: AuditQuery): Promise<AuditResponse> {
  const params: unknown[] = [];
  const where = [withinSql('region_code', region.code, params)];
  if (query.proposalId) {
    params.push(query.proposalId);
    where.push(`proposal_id = $${params.length}`);
  }
  if (query.householdId) {
    params.push(query.householdId);
    where.push(`household_id = $${params.length}`);
  }
  if ((query.proposalId || query.householdId) && !query.cursor) {
    const visible = await deps.pool.query(`SELECT 1 FROM reporting.audit_events WHERE ${where.join(' AND ')} LIMIT 1`, [
      ...params,
    ]);
    if (visible.rowCount === 0) throw notFound();
  }
  if (query.actor) {
    params.push(query.actor);
    where.push(`actor_id = $${params.length}`);
  }
  if (query.type) {
    params.push(query.type);
    where.push(`event_type = $${params.length}`);
  }
  if (query.from) where.push(`occurred_at >= ${bound(query.from, false, params, deps.timeZone)}`);
  if (query.to) where.push(`occurred_at < ${bound(query.to, true, params, deps.timeZone)}`);
  const direction = query.order === 'asc' ? '>' : '<';
  if (query.cursor) {
    const [time, id] = decodeCursor(query.cursor);
    params.push(time, id);
    where.push(`(occurred_at, event_id) ${direction} ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(query.limit + 1);
  const order = query.order === 'asc' ? 'ASC' : 'DESC';
  const result = await deps.pool.query<AuditDbRow>(
    `SELECT *, occurred_at::text AS cursor_time FROM reporting.audit_events WHERE ${where.join(' AND ')}
     ORDER BY occurred_at ${order}, event_id ${order} LIMIT $${params.length}`,
    params,
  );
  const rows = result.rows.slice(0, query.limit);
  const last = rows.at(-1);
  return {
    items: rows.map((row) => ({
      eventId: row.event_id,
      type: row.event_type,
      occurredAt: row.occurred_at.toISOString(),
      recordedAt: row.recorded_at.toISOString(),
      actor: { userId: row.actor_id, role: row.actor_role, regionCode: row.actor_region },
      channel: row.channel,
      reason: row.reason,
      changes: row.changes,
      fields: row.fields,
      details: row.details,
      proposalId: row.proposal_id,
      householdId: row.household_id,
      documentId: row.document_id,
      regionCode: row.region_code,
      streamId: row.stream_id,
      revision: row.revision,
      logPosition: row.log_position,
      causationId: row.causation_id,
    })),
    nextCursor: result.rows.length > query.limit && last ? encodeCursor(last.cursor_time, last.event_id) : null,
  };
}

export function registerAuditRoute(app: ServiceApp, deps: ReportDeps): void {
  app.get(
    '/v1/reports/audit',
    {
      schema: {
        summary:
          'Who changed which proposal or household: every event in scope, with actor, channel, reason and fields',
        tags: ['reports'],
        querystring: AuditQuery,
        response: { 200: AuditResponse },
      },
    },
    async (request) => auditTrail(deps, queryRegion(deps.regions, request.actor, request.query.region), request.query),
  );
}
