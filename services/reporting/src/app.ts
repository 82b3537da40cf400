import type { Bus } from '@siks/bus';
import type { Pool, Queryable } from '@siks/pg';
import { Topics } from '@siks/contracts';
import {
  checkPostgres,
  createServiceApp,
  runCheck,
  type Logger,
  type ServiceApp,
  type TokenVerifier,
} from '@siks/service-kit';
import type { Regions } from '@siks/wilayah';
import { registerAuditLogRoutes } from './audit-log/routes.ts';
import type { Config } from './config.ts';
import { installLagMetrics } from './reports/metrics.ts';
import { observeProjections } from './reports/otel-metrics.ts';
import { registerReportRoutes } from './reports/routes.ts';
import { reportMessages } from './reports/schemas.ts';

/** Everything the reporting service needs, created by `main.ts` (or a test) and passed in. */
export interface Deps {
  config: Config;
  pool: Pool;
  bus: Bus;
  /** The region list (`loadRegions()` of @siks/wilayah): names and parent/child codes. */
  regions: Regions;
  verifier: TokenVerifier;
  logger?: Logger;
  /** The clock (default: the system clock); decides "today" for default report ranges. */
  now?: () => Date;
  /**
   * The event store's database (schemas `eventstore`, `audit_log`) for the audit log's
   * checkpoints and proofs; default `pool` (the embedded default keeps them in one database).
   */
  auditLog?: Queryable;
}

/** The composition root of the reporting service (projections for dashboards, audit queries, exports). Creates nothing at import time. */
export function build(deps: Deps): ServiceApp {
  const app: ServiceApp = createServiceApp({
    name: 'reporting',
    config: deps.config,
    auth: deps.verifier,
    messages: reportMessages,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ready: async () =>
      Promise.all([
        checkPostgres(deps.pool, 'database', {
          onFailure: (error) => app.log.warn({ err: error }, 'database check failed'),
        }),
        runCheck('bus', () => deps.bus.lag('reporting.ready', [Topics.intakeProposals]), {
          onFailure: (error) => app.log.warn({ err: error }, 'bus check failed'),
        }),
      ]),
  });
  const reportDeps = {
    pool: deps.pool,
    bus: deps.bus,
    regions: deps.regions,
    timeZone: deps.config.REPORTS_TIME_ZONE,
    now: deps.now ?? (() => new Date()),
    windows: deps.config.PROPOSAL_WINDOWS,
    auditLog: deps.auditLog ?? deps.pool,
  };
  installLagMetrics(app.metrics, reportDeps);
  observeProjections(reportDeps);
  registerReportRoutes(app, reportDeps);
  registerAuditLogRoutes(app, {
    auditLog: reportDeps.auditLog,
    pool: deps.pool,
    regions: deps.regions,
    publicPerMinute: deps.config.AUDIT_PUBLIC_RATE_LIMIT_PER_MINUTE,
  });
  return app;
}
