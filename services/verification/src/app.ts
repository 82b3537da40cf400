import { uuidv7, type Sealed } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import { checkPostgres, createServiceApp, type Logger, type ServiceApp, type TokenVerifier } from '@siks/service-kit';
import type { Config } from './config.ts';
import type { RouteContext } from './http/context.ts';
import { verificationMessages } from './http/problems.ts';
import { approvalRoutes } from './http/routes-approvals.ts';
import { approvalListRoutes } from './http/routes-family.ts';
import { caseReadRoutes } from './http/routes-cases.ts';
import { caseDecisionRoutes } from './http/routes-decisions.ts';
import { createPersonalReadLog, personalReadLimits } from '@siks/service-kit/access';

/** Everything the verification service's HTTP side needs, created by `main.ts` (or a test) and passed in. */
export interface Deps {
  config: Config;
  /** The service's database (read models in the `verification` schema). */
  pool: Pool;
  store: EventStore;
  /** `@siks/pii` Keyring: seals field-validation texts, opens them for readers in scope. */
  keyring: {
    seal(subjectId: string, value: unknown, field?: string): Promise<Sealed>;
    open(sealed: Sealed, field?: string): Promise<unknown>;
  };
  verifier: TokenVerifier;
  logger?: Logger;
  /** Clock of event metadata (default: the system clock). */
  now?: () => Date;
  /** Ids of events, field validations and approval batches (default: UUIDv7). */
  newId?: () => string;
}

/**
 * The composition root of the verification service: the work queue, case details, decisions,
 * field validations and approvals. Creates nothing at import time; the consumers and the
 * relay are started separately (`startWorkers`).
 */
export function build(deps: Deps): ServiceApp {
  const app: ServiceApp = createServiceApp({
    name: 'verification',
    config: deps.config,
    auth: deps.verifier,
    messages: verificationMessages,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ready: async () => [
      await checkPostgres(deps.pool, 'database', {
        onFailure: (error) => app.log.warn({ err: error }, 'database check failed'),
      }),
    ],
  });
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => uuidv7());
  const context: RouteContext = {
    pool: deps.pool,
    store: deps.store,
    keyring: deps.keyring,
    now,
    newId,
    reads: createPersonalReadLog({
      store: deps.store,
      service: 'verification',
      limits: personalReadLimits(deps.config),
      now,
      newId: () => uuidv7(now().getTime()),
    }),
  };
  caseReadRoutes(app, context);
  caseDecisionRoutes(app, context);
  approvalRoutes(app, context);
  approvalListRoutes(app, context);
  return app;
}
