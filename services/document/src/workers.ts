import { Topics } from '@siks/contracts';
import type { Consumer, Relay } from '@siks/bus';
import type { Subscription } from '@siks/eventstore';
import { migrate } from '@siks/pg';
import type { Platform } from '@siks/platform';
import type { Logger } from '@siks/service-kit';
import type { Config } from './config.ts';
import { DOCUMENT_STREAM_PREFIX } from './documents/events.ts';
import { migrations } from './migrations.ts';
import { startDocumentProjection } from './read-model/projection.ts';
import { startProposalsConsumer } from './read-model/proposals.ts';
import type { BlobStore } from './storage/blob-store.ts';

export interface WorkerDeps {
  platform: Pick<Platform, 'pool' | 'store' | 'bus' | 'keyring' | 'startRelay'>;
  /** Where a forgotten document's files are deleted. */
  blobStore: BlobStore;
  config: Pick<Config, 'DOCUMENT_PHASH_MAX_DISTANCE'>;
  logger?: Logger;
  now?: () => Date;
  /** Fallback polling of the subscription (tests shorten it). */
  pollIntervalMs?: number;
}

export interface Workers {
  /** Forwards `document-` streams to `document.evidence.v1`. */
  relay: Relay;
  /** Keeps `document.documents` and reports duplicate photos. */
  projection: Subscription;
  /** Keeps `document.proposals` (each proposal's village) from `intake.proposals.v1`. */
  proposals: Consumer;
  stop(): Promise<void>;
}

/** The document service's background work: its relay and its read-model subscription. */
export async function startWorkers(deps: WorkerDeps): Promise<Workers> {
  const { platform, logger } = deps;
  await migrate(platform.pool, [migrations]);
  const relay = platform.startRelay(Topics.documentEvidence, [DOCUMENT_STREAM_PREFIX]);
  const projection = startDocumentProjection({
    store: platform.store,
    pool: platform.pool,
    phashMaxDistance: deps.config.DOCUMENT_PHASH_MAX_DISTANCE,
    now: deps.now ?? (() => new Date()),
    onError: (error) => logger?.error({ err: error }, 'document projection failed; retrying'),
    ...(deps.pollIntervalMs ? { pollIntervalMs: deps.pollIntervalMs } : {}),
  });
  let proposals: Consumer;
  try {
    proposals = await startProposalsConsumer({
      bus: platform.bus,
      pool: platform.pool,
      store: platform.store,
      now: deps.now ?? (() => new Date()),
      keyring: platform.keyring,
      blobStore: deps.blobStore,
    });
  } catch (error) {
    await Promise.allSettled([projection.stop(), relay.stop()]);
    throw error;
  }
  return {
    relay,
    projection,
    proposals,
    async stop() {
      await proposals.stop();
      await projection.stop();
      await relay.stop();
    },
  };
}
