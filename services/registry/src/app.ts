import { uuidv7 } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import type { Keyring } from '@siks/pii';
import { createPersonalReadLog, personalReadLimits } from '@siks/service-kit/access';
import { loadRegions } from '@siks/wilayah';
import { checkPostgres, createServiceApp, type Logger, type ServiceApp, type TokenVerifier } from '@siks/service-kit';
import { createAccessRecorder } from './access/record.ts';
import type { Config } from './config.ts';
import { approvalListRoute } from './http/approval-list-route.ts';
import { cutoffRoutes } from './http/cutoff-routes.ts';
import { lazySigner } from './handoff/signer.ts';
import { handoffRoutes } from './http/handoff-routes.ts';
import type { RouteDeps } from './http/deps.ts';
import { householdRoutes } from './http/households-routes.ts';
import { lookupRoute } from './http/lookup-route.ts';
import { nikCheckRoute } from './http/nik-check-route.ts';
import { registryMessages } from './http/messages.ts';
import { publicStatusRoute } from './public/status-route.ts';

/** Everything the registry service needs, created by `main.ts` (or a test) and passed in. */
export interface Deps {
  config: Config;
  /** The platform's parts the routes use (`@siks/platform` `Platform` fits). */
  platform: { pool: Pool; store: EventStore; keyring: Keyring };
  verifier: TokenVerifier;
  logger?: Logger;
  /** Clock of recorded reads and cut-offs. */
  now?: () => Date;
  /** Ids of events appended by requests (UUIDv7 by default). */
  newId?: () => string;
  /** The key that signs cut-off exports (else `config.EXPORT_SIGNING_KEY`); none: exports answer 503. */
  exportSigningKey?: string;
}

/** The composition root of the registry service (the household registry (DTKS)). Creates nothing at import time. */
export function build(deps: Deps): ServiceApp {
  const { pool, store, keyring } = deps.platform;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => uuidv7(now().getTime()));
  const app: ServiceApp = createServiceApp({
    name: 'registry',
    config: deps.config,
    auth: deps.verifier,
    messages: registryMessages,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ready: async () => [
      await checkPostgres(pool, 'database', {
        onFailure: (error) => app.log.warn({ err: error }, 'database check failed'),
      }),
    ],
  });
  const routeDeps: RouteDeps = {
    store,
    pool,
    keyring,
    access: createAccessRecorder({ store, now, newId }),
    reads: createPersonalReadLog({
      store,
      service: 'registry',
      limits: personalReadLimits(deps.config),
      now,
      newId,
    }),
    now,
    newId,
  };
  householdRoutes(app, routeDeps);
  lookupRoute(app, routeDeps);
  nikCheckRoute(app, routeDeps);
  cutoffRoutes(app, routeDeps);
  // The region names of printed lists, read on the first print (not at start).
  approvalListRoute(app, routeDeps, loadRegions);
  const signingKey = deps.exportSigningKey ?? deps.config.EXPORT_SIGNING_KEY;
  handoffRoutes(app, routeDeps, signingKey !== undefined ? lazySigner(signingKey) : undefined);
  // In a plugin scope: a route's own rate limit needs the rate-limit plugin loaded before it.
  void app.register(async (scope) => {
    publicStatusRoute(scope as ServiceApp, routeDeps, {
      perMinute: deps.config.REGISTRY_PUBLIC_STATUS_PER_MINUTE,
      answerMs: deps.config.REGISTRY_PUBLIC_STATUS_ANSWER_MS,
      onSlow: (tookMs) =>
        app.log.warn({ tookMs: Math.round(tookMs) }, 'public status check took longer than its answer time'),
    });
  });
  return app;
}
