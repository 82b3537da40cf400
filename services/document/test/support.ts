/** Test harness of the document service: a real database, the platform, the app and its workers. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPlatform, type Platform } from '@siks/platform';
import {
  createTokenVerifier,
  generateSigningKeys,
  loadConfig,
  mintToken,
  type ServiceApp,
  type UserRole,
} from '@siks/service-kit';
import { createRegions } from '@siks/wilayah';
import { build } from '../src/app.ts';
import { configSchema, type Config } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { createBlobStore } from '../src/storage/blob-store.ts';
import { startWorkers, type Workers } from '../src/workers.ts';
import { applyProposalEvent } from '../src/read-model/proposals.ts';
import type { RecordedEvent } from '@siks/contracts';
import { migrate } from '@siks/pg';
import type { OutgoingMessage } from '@siks/bus';

export const VILLAGE = '52.02.01.1001'; // Praya, Lombok Tengah
export const NEIGHBOUR = '52.02.01.1002'; // Leneng, same district
export const OTHER_REGENCY_VILLAGE = '52.01.01.1001'; // Gerung Utara, Lombok Barat

/** A small region list: enough villages to test scope and existence. */
export const regions = createRegions({
  provinces: [{ code: '52', name: 'Nusa Tenggara Barat' }],
  regencies: [
    { code: '52.01', name: 'Lombok Barat' },
    { code: '52.02', name: 'Lombok Tengah' },
  ],
  districts: [
    { code: '52.01.01', name: 'Gerung' },
    { code: '52.02.01', name: 'Praya' },
  ],
  villages: [
    { code: VILLAGE, name: 'Praya' },
    { code: NEIGHBOUR, name: 'Leneng' },
    { code: OTHER_REGENCY_VILLAGE, name: 'Gerung Utara' },
  ],
});

export interface StoredEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

export interface Harness {
  app: ServiceApp;
  platform: Platform;
  config: Config;
  blobRoot: string;
  /** Starts the relay and the projection (not started by default, so tests control when). */
  startWorkers(): Promise<Workers>;
  token(role: UserRole, region: string, options?: { sub?: string; expiresIn?: string; now?: Date }): Promise<string>;
  /**
   * Every committed event of the `document-` streams (read from the table: `readAll` may hold
   * back the newest events while any transaction of the shared test cluster is open).
   */
  documentEvents(): Promise<StoredEvent[]>;
  /** Records proposals' villages in the read model (as intake's `ProposalDrafted` would). */
  knowProposals(proposals: Record<string, string>): Promise<void>;
  /** Every file under the blob root (relative paths), temporary files included. */
  blobFiles(): Promise<string[]>;
  close(): Promise<void>;
}

export async function createHarness(databaseUrl: string, env: Record<string, string> = {}): Promise<Harness> {
  const keys = await generateSigningKeys();
  const blobRoot = await mkdtemp(join(tmpdir(), 'siks-document-'));
  const config = loadConfig(configSchema, {
    DATABASE_URL: databaseUrl,
    JWT_PUBLIC_KEY: keys.publicKey,
    LOG_LEVEL: 'silent',
    BLOB_ROOT: blobRoot,
    ...env,
  });
  const platform = await createTestPlatform(databaseUrl, 'document');
  await migrate(platform.pool, [migrations]);
  const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
  const blobStore = createBlobStore({ root: blobRoot });
  const app = build({ config, platform, verifier, blobStore, regions });
  const started: Workers[] = [];
  let users = 0;

  return {
    app,
    platform,
    config,
    blobRoot,
    async startWorkers() {
      const workers = await startWorkers({ platform, config, blobStore, pollIntervalMs: 50 });
      started.push(workers);
      return workers;
    },
    token: (role, region, options = {}) =>
      mintToken(
        keys.privateKey,
        { sub: options.sub ?? `user-${role}-${++users}`, role, region, name: 'Tester' },
        { expiresIn: options.expiresIn ?? '15m', ...(options.now ? { now: options.now } : {}) },
      ),
    documentEvents: async () =>
      (
        await platform.pool.query<StoredEvent>(
          `SELECT stream_id AS "streamId", type, data FROM eventstore.events
            WHERE stream_id LIKE 'document-%' ORDER BY position`,
        )
      ).rows,
    blobFiles: () => listFiles(blobRoot),
    async knowProposals(proposals) {
      for (const [proposalId, region] of Object.entries(proposals))
        await applyProposalEvent(platform.pool, JSON.parse(draftedMessage(proposalId, region).value) as RecordedEvent);
    },
    async close() {
      await Promise.all(started.map((workers) => workers.stop()));
      await app.close();
      await platform.close();
      await rm(blobRoot, { recursive: true, force: true });
    },
  };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

export const blobPath = (sha256: string): string => `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
/** Where a document's file is kept sealed with its own key (relative to the blob root). */
export const sealedPath = (documentId: string): string => `sealed/${documentId.slice(0, 2)}/${documentId}`;

/**
 * Intake's `ProposalDrafted` as the relay publishes it, with only what the document service
 * reads (its sealed content is not looked at).
 */
export function draftedMessage(proposalId: string, regionCode: string): OutgoingMessage {
  const event = {
    eventId: `01950000-0000-7000-9000-${proposalId.slice(-12)}`,
    type: 'ProposalDrafted',
    schemaVersion: 1,
    streamId: `proposal-${proposalId}`,
    revision: 0,
    logPosition: '0',
    recordedAt: '2025-03-01T00:00:00.000Z',
    hash: '',
    data: { proposalId, proposalType: 'new_household', regionCode },
    metadata: { occurredAt: '2025-03-01T00:00:00.000Z' },
  };
  return { key: proposalId, value: JSON.stringify(event) };
}
