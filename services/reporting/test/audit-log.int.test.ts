import { generateKeyPairSync } from 'node:crypto';
import {
  auditLogMigrations,
  checkConsistencyProof,
  extendTree,
  hashLeaf,
  leafOfEvent,
  openCheckpoint,
  recordCheckpoint,
  shortCode,
  signCheckpoint,
  verifierKey,
  verifyInclusion,
} from '@siks/eventstore';
import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { createTokenVerifier, loadConfig } from '@siks/service-kit';
import { useTestDatabase } from '@siks/testing/vitest';
import { loadRegions } from '@siks/wilayah';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { startWorkers, type Workers } from '../src/workers.ts';
import { GERUNG, PRAYA } from './support/scenario.ts';
import { settle, startRelays } from './support/settle.ts';
import { Story, type StoryProposal } from './support/story.ts';
import { tokenMaker } from './support/tokens.ts';

const url = await useTestDatabase('reporting_audit_log');
const platform = await createTestPlatform(url, 'reporting-audit-log');
await migrate(platform.pool, [migrations, auditLogMigrations]);
const tokens = await tokenMaker();
const regions = await loadRegions();
const appWith = async (limit: number) =>
  build({
    config: loadConfig(configSchema, {
      DATABASE_URL: url,
      JWT_PUBLIC_KEY: tokens.publicKey,
      LOG_LEVEL: 'silent',
      AUDIT_PUBLIC_RATE_LIMIT_PER_MINUTE: String(limit),
    }),
    pool: platform.pool,
    bus: platform.bus,
    regions,
    verifier: await createTokenVerifier({ publicKey: tokens.publicKey }),
  });
const app = await appWith(1000);
const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const ORIGIN = 'siks.test/eventstore';
const vkey = verifierKey(ORIGIN, key);
const relays = startRelays(platform);
let workers: Workers;
let story: Story;
let praya: StoryProposal;
let gerung: StoryProposal;

/** What `siks audit checkpoint` does: grow the tree, sign, keep the copy in the database. */
async function checkpoint(): Promise<number> {
  const head = await extendTree(platform.pool);
  const signed = signCheckpoint(
    { origin: ORIGIN, size: head.size, root: head.root, time: new Date().toISOString() },
    key,
  );
  await recordCheckpoint(platform.pool, signed, vkey);
  return head.size;
}

beforeAll(async () => {
  workers = await startWorkers({ pool: platform.pool, bus: platform.bus, checkIntervalMs: 100 });
  story = new Story(platform);
  praya = await story.draft({ village: PRAYA });
  await story.submit(praya);
  gerung = await story.draft({ village: GERUNG });
  await settle(relays, platform.pool, platform.bus);
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await app.close();
  await platform.close();
});

const eventsOf = (proposal: StoryProposal) => platform.store.readStream(`proposal-${proposal.proposalId}`);

describe('the audit log over HTTP (reporting)', () => {
  it('answers 404 before any checkpoint, then hands out the latest one to anyone, cacheable', async () => {
    expect((await app.inject({ url: '/v1/audit/checkpoint' })).statusCode).toBe(404);
    const size = await checkpoint();
    const response = await app.inject({ url: '/v1/audit/checkpoint' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.headers['cache-control']).toMatch(/public/);
    const opened = openCheckpoint(response.body, vkey);
    expect(opened.size).toBe(size);
    const etag = String(response.headers['etag']);
    const again = await app.inject({ url: '/v1/audit/checkpoint', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const key = await app.inject({ url: '/v1/audit/verifier-key' });
    expect(key.body.trim()).toBe(vkey);
  });

  it('proves an event by id or position against the checkpoint, with hashes only', async () => {
    const [first] = await eventsOf(praya);
    if (!first) throw new Error('no event');
    const cp = openCheckpoint((await app.inject({ url: '/v1/audit/checkpoint' })).body, vkey);
    const byId = await app.inject({ url: `/v1/audit/proofs/inclusion?eventId=${first.eventId}` });
    expect(byId.statusCode).toBe(200);
    const proof = byId.json();
    expect(Object.keys(proof).sort()).toEqual(['leafHash', 'leafIndex', 'proof', 'root', 'treeSize']);
    // Nothing of the event itself, only hashes: no id, stream, type, actor or data.
    expect(byId.body).not.toContain(first.eventId);
    expect(byId.body).not.toContain(praya.proposalId);
    expect(byId.body).not.toContain('op-');
    const leaf = hashLeaf(leafOfEvent(first));
    expect(proof.leafHash).toBe(leaf.toString('hex'));
    const path = (proof.proof as string[]).map((hash) => Buffer.from(hash, 'hex'));
    expect(verifyInclusion(leaf, proof.leafIndex, cp.size, path, cp.root)).toBe(true);
    const position = first.logPosition.split(':')[1];
    const byPosition = await app.inject({ url: `/v1/audit/proofs/inclusion?position=${position}&treeSize=${cp.size}` });
    expect(byPosition.json()).toEqual(proof);
    expect((await app.inject({ url: '/v1/audit/proofs/inclusion' })).statusCode).toBe(400);
    expect((await app.inject({ url: `/v1/audit/proofs/inclusion?eventId=${crypto.randomUUID()}` })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ url: `/v1/audit/proofs/inclusion?position=1&treeSize=999999` })).statusCode).toBe(404);
  });

  it('proves that a later checkpoint extends an earlier one, and serves the older one by size', async () => {
    const older = openCheckpoint((await app.inject({ url: '/v1/audit/checkpoint' })).body, vkey);
    await story.submit(gerung);
    await settle(relays, platform.pool, platform.bus);
    const newer = await checkpoint();
    expect(newer).toBeGreaterThan(older.size);
    const latest = openCheckpoint((await app.inject({ url: '/v1/audit/checkpoint' })).body, vkey);
    expect(latest.size).toBe(newer);
    const old = await app.inject({ url: `/v1/audit/checkpoint?size=${older.size}` });
    expect(old.headers['cache-control']).toMatch(/immutable/);
    expect(openCheckpoint(old.body, vkey).root).toEqual(older.root);
    const response = await app.inject({ url: `/v1/audit/proofs/consistency?from=${older.size}&to=${newer}` });
    expect(response.statusCode).toBe(200);
    expect(checkConsistencyProof(response.json(), older.root, latest.root)).toBe(true);
    expect(checkConsistencyProof(response.json(), latest.root, older.root)).toBe(false);
    expect((await app.inject({ url: `/v1/audit/proofs/consistency?from=${newer}&to=${older.size}` })).statusCode).toBe(
      400,
    );
    expect((await app.inject({ url: `/v1/audit/checkpoint?size=${newer + 1000}` })).statusCode).toBe(404);
  });

  it('gives a signed-in caller the leaves of events in their scope, and nothing outside it', async () => {
    const events = await eventsOf(praya);
    const ids = events.map((event) => event.eventId).join(',');
    const operator = await tokens.token('operator_desa', PRAYA, `op-${PRAYA}`);
    const answer = await app.inject({
      url: `/v1/reports/audit/proofs?eventIds=${ids}`,
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.pending).toEqual([]);
    expect(body.items.map((item: { eventId: string }) => item.eventId)).toEqual(events.map((event) => event.eventId));
    expect(body.items[0].leaf).toEqual(leafOfEvent(events[0] as (typeof events)[number]));
    const outsider = await tokens.token('operator_desa', GERUNG);
    const hidden = await app.inject({
      url: `/v1/reports/audit/proofs?eventIds=${ids}`,
      headers: { authorization: `Bearer ${outsider}` },
    });
    expect(hidden.json()).toMatchObject({ items: [], pending: events.map((event) => event.eventId) });
    expect((await app.inject({ url: `/v1/reports/audit/proofs?eventIds=${ids}` })).statusCode).toBe(401);
  });

  it('prints the latest checkpoint and its short code in the monthly report and its CSV', async () => {
    const latest = openCheckpoint((await app.inject({ url: '/v1/audit/checkpoint' })).body, vkey);
    const admin = await tokens.token('admin_kabkota', '52.02');
    const month = new Date().toISOString().slice(0, 7);
    const report = await app.inject({
      url: `/v1/reports/monthly/52.02/${month}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(report.json().auditCheckpoint).toEqual({
      treeSize: latest.size,
      rootHex: latest.root.toString('hex'),
      rootBase64: latest.root.toString('base64'),
      shortCode: shortCode(latest),
      signedAt: latest.time,
    });
    const csv = await app.inject({
      url: `/v1/reports/monthly/52.02/${month}?format=csv`,
      headers: { authorization: `Bearer ${admin}` },
    });
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines.slice(-3)).toEqual([
      '',
      'kode_checkpoint_log_audit,jumlah_peristiwa,akar_hash_sha256,ditandatangani',
      `${shortCode(latest)},${latest.size},${latest.root.toString('hex')},${latest.time}`,
    ]);
  });

  it('limits the public routes per client address', async () => {
    const limited = await appWith(3);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i += 1) codes.push((await limited.inject({ url: '/v1/audit/checkpoint' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
