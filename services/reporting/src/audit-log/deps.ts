import type { Queryable } from '@siks/pg';
import type { Regions } from '@siks/wilayah';

/** What the audit-log routes read: the event store's database (schemas `eventstore`, `audit_log`). */
export interface AuditLogDeps {
  /** The event store's database: the same as the service's in the embedded default. */
  auditLog: Queryable;
  /** The service's own database (`reporting.audit_events`, for the scope of a signed-in caller). */
  pool: Queryable;
  regions: Regions;
  /** Requests per minute per client address on the public routes (0: only the service's limit). */
  publicPerMinute: number;
}

/** The per-route limit of the public audit-log routes (on top of the service's own). */
export const publicLimit = (deps: Pick<AuditLogDeps, 'publicPerMinute'>) =>
  deps.publicPerMinute > 0 ? { rateLimit: { max: deps.publicPerMinute, timeWindow: 60_000 } } : {};
