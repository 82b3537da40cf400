import { uuidv7 } from '@siks/contracts';
import type { Platform } from '@siks/platform';
import {
  checkPostgres,
  createServiceApp,
  runCheck,
  type Logger,
  type ServiceApp,
  type TokenVerifier,
} from '@siks/service-kit';
import type { Regions } from '@siks/wilayah';
import { access, constants } from 'node:fs/promises';
import type { Config } from './config.ts';
import { serviceMessages } from './documents/problems.ts';
import { registerDocumentRoutes } from './documents/routes.ts';
import { registerDocumentUpload } from './documents/upload.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { createPersonalReadLog, personalReadLimits } from '@siks/service-kit/access';

/** Everything the document service needs, created by `main.ts` (or a test) and passed in. */
export interface Deps {
  config: Config;
  platform: Pick<Platform, 'pool' | 'store' | 'keyring'>;
  verifier: TokenVerifier;
  blobStore: BlobStore;
  /** Village codes that exist (`loadRegions()` from @siks/wilayah in production). */
  regions: Pick<Regions, 'village'>;
  logger?: Logger;
  /** Clock of event times (defaults to the system clock). */
  now?: () => Date;
  /** New document and event ids (UUIDv7 by default). */
  newId?: () => string;
}

/** The composition root of the document service (evidence files and their geotags). Creates nothing at import time. */
export function build(deps: Deps): ServiceApp {
  const { config, platform } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => uuidv7());
  const app: ServiceApp = createServiceApp({
    name: 'document',
    config,
    auth: deps.verifier,
    messages: serviceMessages,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ready: async () => [
      await checkPostgres(platform.pool, 'database', {
        onFailure: (error) => app.log.warn({ err: error }, 'database check failed'),
      }),
      await runCheck('blobs', () => access(deps.blobStore.root, constants.W_OK), {
        onFailure: (error) => app.log.warn({ err: error }, 'blob store check failed'),
      }),
    ],
  });
  void app.register(registerDocumentUpload, {
    store: platform.store,
    pool: platform.pool,
    proposalWaitMs: config.DOCUMENT_PROPOSAL_WAIT_MS,
    blobStore: deps.blobStore,
    keyring: platform.keyring,
    regions: deps.regions,
    maxFileBytes: config.DOCUMENT_MAX_FILE_BYTES,
    maxImagePixels: config.DOCUMENT_MAX_IMAGE_PIXELS,
    now,
    newId,
  });
  registerDocumentRoutes(app, {
    store: platform.store,
    pool: platform.pool,
    blobStore: deps.blobStore,
    reads: createPersonalReadLog({
      store: platform.store,
      service: 'document',
      limits: personalReadLimits(config),
      now,
      newId: () => uuidv7(now().getTime()),
    }),
    keyring: platform.keyring,
    now,
    newId,
    proposalWaitMs: config.DOCUMENT_PROPOSAL_WAIT_MS,
  });
  return app;
}
