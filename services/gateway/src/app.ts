import type { Pool } from '@siks/pg';
import { checkPostgres, createServiceApp, type Logger, type ServiceApp, type TokenVerifier } from '@siks/service-kit';
import type { Config } from './config.ts';

/** Everything the gateway service needs, created by `main.ts` (or a test) and passed in. */
export interface Deps {
  config: Config;
  pool: Pool;
  verifier: TokenVerifier;
  logger?: Logger;
}

/** The composition root of the gateway service (the one public entry: web console, login, reverse proxy to the services). Creates nothing at import time. */
export function build(deps: Deps): ServiceApp {
  const app: ServiceApp = createServiceApp({
    name: 'gateway',
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
