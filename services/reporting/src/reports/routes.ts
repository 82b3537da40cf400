import type { ServiceApp } from '@siks/service-kit';
import { registerAuditRoute } from './audit.ts';
import type { ReportDeps } from './deps.ts';
import { registerLagRoute } from './lag-route.ts';
import { registerMonthlyRoute } from './monthly-route.ts';
import { registerOperatorsRoute } from './operators.ts';
import { registerSummaryRoute } from './summary.ts';
import { registerSupervisionRoute } from './supervision.ts';
import { registerTimeseriesRoute } from './timeseries.ts';

/** Every `/v1/reports/…` route; all need a token and filter by the caller's region scope (404 outside it). */
export function registerReportRoutes(app: ServiceApp, deps: ReportDeps): void {
  registerSummaryRoute(app, deps);
  registerTimeseriesRoute(app, deps);
  registerAuditRoute(app, deps);
  registerOperatorsRoute(app, deps);
  registerMonthlyRoute(app, deps);
  registerLagRoute(app, deps);
  registerSupervisionRoute(app, deps);
}
