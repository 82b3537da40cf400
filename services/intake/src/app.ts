import { uuidv7 } from '@siks/contracts';
import { withGroupCommit, type EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import type { Keyring } from '@siks/pii';
import {
  checkPostgres,
  createServiceApp,
  type Logger,
  type ServiceApp,
  type TokenVerifier,
  type ZodTypeProvider,
} from '@siks/service-kit';
import type { Regions } from '@siks/wilayah';
import { registerComplaintDistrictRoutes } from './complaints/district-routes.ts';
import { registerComplaintLifecycleRoutes } from './complaints/lifecycle-routes.ts';
import { registerComplaintRoutes } from './complaints/routes.ts';
import { registerErasureRoutes } from './erasure/routes.ts';
import { registerTrackRoute } from './complaints/track-route.ts';
import type { Config } from './config.ts';
import type { IntakeContext } from './context.ts';
import { intakeCatalogue } from './http/messages.ts';
import { cachingVerifier } from './http/token-cache.ts';
import { translateDomainErrors } from './http/problems.ts';
import { registerImportRoutes } from './imports/routes.ts';
import { registerMeetingPrintRoutes } from './meetings/print-routes.ts';
import { registerMeetingRoutes } from './meetings/routes.ts';
import { createImportRunner } from './imports/runner.ts';
import { registerCommandRoutes } from './proposals/command-routes.ts';
import { registerCreateRoute } from './proposals/create-route.ts';
import { registerFieldBatchRoute } from './proposals/field-batch-route.ts';
import { createAnswerStore } from './proposals/idempotency.ts';
import { registerReadRoutes } from './proposals/read-routes.ts';
import { defaultWindowConfig, type WindowConfig } from '@siks/contracts';
import { createPersonalReadLog, personalReadLimits } from '@siks/service-kit/access';

/** Everything the intake service needs, created by `main.ts` (or a test) and passed in. */
export interface Deps {
  config: Config;
  /** From `@siks/platform` (`connectPlatform` / `createTestPlatform`). */
  platform: { pool: Pool; store: EventStore; keyring: Keyring };
  verifier: TokenVerifier;
  /** The official region list (`loadRegions()` of `@siks/wilayah`). */
  regions: Regions;
  logger?: Logger;
  /** Clock of commands, windows and limits (default: the system clock). */
  clock?: () => Date;
  /** New ids (default UUIDv7). */
  newId?: () => string;
  /** Proposal windows (default 15th–22nd additions, 1st–7th PBI-JK). */
  windows?: WindowConfig;
}

/**
 * The composition root of the intake service (proposals from every channel; owns the Proposal
 * aggregate). Creates nothing at import time. Background imports stop with the app.
 */
export function build(deps: Deps): ServiceApp {
  const { pool } = deps.platform;
  const clock = deps.clock ?? (() => new Date());
  const app: ServiceApp = createServiceApp({
    name: 'intake',
    config: deps.config,
    auth: cachingVerifier(deps.verifier),
    messages: intakeCatalogue,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ready: async () => [
      await checkPostgres(pool, 'database', {
        onFailure: (error) => app.log.warn({ err: error }, 'database check failed'),
      }),
    ],
  });
  const context: IntakeContext = {
    config: deps.config,
    pool,
    // Concurrent requests' appends share one transaction and one durable commit (PostgreSQL).
    store: withGroupCommit(deps.platform.store, { maxConcurrentBatches: 3 }),
    keyring: deps.platform.keyring,
    regions: deps.regions,
    windows: deps.windows ?? defaultWindowConfig,
    clock,
    newId: deps.newId ?? (() => uuidv7()),
    answers: createAnswerStore(pool),
    reads: createPersonalReadLog({
      store: deps.platform.store,
      service: 'intake',
      limits: personalReadLimits(deps.config),
      now: clock,
      newId: () => uuidv7(clock().getTime()),
    }),
  };
  const imports = createImportRunner(context, app.log);
  app.addHook('onClose', () => imports.close());
  app.register(async (scope) => {
    translateDomainErrors(scope);
    const routes = scope.withTypeProvider<ZodTypeProvider>();
    registerCreateRoute(routes, context);
    registerFieldBatchRoute(routes, context);
    registerReadRoutes(routes, context);
    registerCommandRoutes(routes, context);
    registerComplaintRoutes(routes, context);
    registerMeetingRoutes(routes, context);
    registerMeetingPrintRoutes(routes, context);
    registerErasureRoutes(routes, context);
    registerTrackRoute(routes, context);
    registerComplaintLifecycleRoutes(routes, context);
    registerComplaintDistrictRoutes(routes, context);
    await registerImportRoutes(routes, context, imports);
  });
  return app;
}
