import type { Pool } from '@siks/pg';
import { checkPostgres, createServiceApp, type Logger, type ServiceApp, type TokenVerifier } from '@siks/service-kit';
import type { Config } from './config.ts';

export interface WorkersAppDeps {
  config: Config;
  pool: Pool;
  verifier: TokenVerifier;
  logger?: Logger;
}

/**
 * The HTTP side of a process started with `INTAKE_ROLE=workers`: health, metrics and docs only,
 * so an orchestrator can probe the background workers like any service. No intake routes.
 */
export function buildWorkersApp(deps: WorkersAppDeps): ServiceApp {
  const app: ServiceApp = createServiceApp({
    name: 'intake-workers',
    config: deps.config,
    auth: deps.verifier,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ready: async () => [
      await checkPostgres(deps.pool, 'database', {
        onFailure: (error) => app.log.warn({ err: error }, 'database check failed'),
      }),
    ],
  });
  return app;
}
