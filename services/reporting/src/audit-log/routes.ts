import type { ServiceApp } from '@siks/service-kit';
import { registerCheckpointRoutes } from './checkpoint-route.ts';
import type { AuditLogDeps } from './deps.ts';
import { registerProofRoutes } from './proof-routes.ts';
import { registerScopedProofsRoute } from './scoped-proofs-route.ts';

/**
 * The audit log's checkpoints and proofs (packages/eventstore/TRANSPARENCY.md) over HTTP:
 * `/v1/audit/…` public and rate-limited (the gateway forwards it without a login), and
 * `/v1/reports/audit/proofs` for the console's audit explorer.
 */
export function registerAuditLogRoutes(app: ServiceApp, deps: AuditLogDeps): void {
  // As a plugin, so that the rate-limit plugin (loaded first) sees these routes' own limits.
  void app.register(async (scope) => {
    const routes = scope as ServiceApp;
    registerCheckpointRoutes(routes, deps);
    registerProofRoutes(routes, deps);
    registerScopedProofsRoute(routes, deps);
  });
}
