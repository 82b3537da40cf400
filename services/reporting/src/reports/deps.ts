import type { Bus } from '@siks/bus';
import type { WindowConfig } from '@siks/contracts';
import type { Pool, Queryable } from '@siks/pg';
import type { Regions } from '@siks/wilayah';

/** What the report routes read: the live tables, the bus (lag), the region list, the clock. */
export interface ReportDeps {
  pool: Pool;
  bus: Bus;
  regions: Regions;
  /** IANA zone in which days, weeks and months start (REPORTS_TIME_ZONE). */
  timeZone: string;
  now: () => Date;
  /** The proposal windows (`PROPOSAL_WINDOWS`; the DOMAIN.md defaults when absent). */
  windows?: WindowConfig;
  /** The event store's database, for the audit log's latest checkpoint (monthly report). */
  auditLog: Queryable;
}
