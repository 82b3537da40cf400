import { generateKeyPairSync } from 'node:crypto';
import { createPool, migrate, type Pool } from '@siks/pg';
import { cloneDatabase, dropDatabase, tamperAsSuperuser } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import {
  auditLogMigrations,
  canonicalEvent,
  chainHash,
  checkConsistencyProof,
  createPostgresEventStore,
  eventstoreMigrations,
  extendTree,
  GENESIS_HASH,
  openCheckpoint,
  proveConsistency,
  signCheckpoint,
  verifierKey,
  verifyHashChains,
  verifyLogAgainstCheckpoint,
  type SignedCheckpoint,
} from '../src/index.ts';
import { testEvent, testEvents } from './fixtures.ts';

/**
 * Every kind of tampering a database superuser could do, each on a copy of one honest log, each
 * caught from the signed checkpoints alone (the per-stream chains pass where the tamperer
 * re-hashed), and each report naming what broke.
 */
const adminUrl = inject('pgAdminUrl');
const honestUrl = await useTestDatabase('transparency_honest');
const { privateKey } = generateKeyPairSync('ed25519', {
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const ORIGIN = 'test.siks/eventstore';
const vkey = verifierKey(ORIGIN, privateKey);
let early: SignedCheckpoint;
let latest: SignedCheckpoint;
const copies: string[] = [];

// Interleaved appends: [stream, events] in log order.
const APPENDS: [string, number][] = [
  ['proposal-a', 2],
  ['case-b', 1],
  ['proposal-c', 2],
  ['proposal-a', 2],
  ['household-d', 1],
  ['case-b', 2],
  ['proposal-c', 3],
  ['household-d', 2],
];
const TOTAL = APPENDS.reduce((sum, [, count]) => sum + count, 0); // 15

async function checkpointNow(pool: Pool): Promise<SignedCheckpoint> {
  const head = await extendTree(pool);
  const signed = signCheckpoint(
    { origin: ORIGIN, size: head.size, root: head.root, time: new Date().toISOString() },
    privateKey,
  );
  // What a verifier does: read the published text and check its signature with the pinned key.
  return openCheckpoint(signed.text, vkey);
}

beforeAll(async () => {
  const pool = createPool({ url: honestUrl, max: 2, applicationName: 'transparency-honest' });
  await migrate(pool, [eventstoreMigrations, auditLogMigrations]);
  const store = createPostgresEventStore({ pool, notify: 'off' });
  for (const [index, [stream, count]] of APPENDS.entries()) {
    await store.append(
      stream,
      testEvents(count, (i) => ({ i, step: index })),
      'any',
    );
    if (index === 3) early = await checkpointNow(pool); // 7 events
  }
  latest = await checkpointNow(pool);
  await store.close();
  await pool.end(); // a template database must have no connections
});
afterAll(async () => {
  for (const url of copies) await dropDatabase(adminUrl, url);
});

/** A copy of the honest log, tampered with by `tamper`, with a pool to verify it. */
async function tampered(tamper: (pool: Pool) => Promise<void>): Promise<Pool> {
  const url = await cloneDatabase(adminUrl, honestUrl, 'transparency_copy');
  copies.push(url);
  const pool = createPool({ url, max: 3, applicationName: 'transparency-copy' });
  await tamper(pool);
  return pool;
}

async function verify(pool: Pool) {
  const chains = await verifyHashChains(pool);
  const log = await verifyLogAgainstCheckpoint(pool, latest, { earlier: [early] });
  await pool.end();
  return { chains, log };
}

/** Recomputes a stream's chain from its stored rows and its head, as a careful tamperer would. */
async function rehashStream(pool: Pool, streamId: string): Promise<void> {
  const store = createPostgresEventStore({ pool, notify: 'off' });
  let previous = GENESIS_HASH;
  const updates: [number, Buffer][] = [];
  for (const event of await store.readStream(streamId)) {
    previous = chainHash(previous, canonicalEvent(event));
    updates.push([event.revision, previous]);
  }
  await tamperAsSuperuser(pool, async (client) => {
    for (const [revision, hash] of updates) {
      await client.query('UPDATE eventstore.events SET hash = $3 WHERE stream_id = $1 AND revision = $2', [
        streamId,
        revision,
        hash,
      ]);
    }
    await client.query('UPDATE eventstore.streams SET revision = $2, last_hash = $3 WHERE stream_id = $1', [
      streamId,
      updates.length - 1,
      previous,
    ]);
  });
  await store.close();
}

const position = async (pool: Pool, streamId: string, revision: number): Promise<{ position: string; xid: string }> => {
  const { rows } = await pool.query<{ position: string; xid: string }>(
    'SELECT position, transaction_id::text AS xid FROM eventstore.events WHERE stream_id = $1 AND revision = $2',
    [streamId, revision],
  );
  if (!rows[0]) throw new Error(`no ${streamId}@${revision}`);
  return rows[0];
};

describe('tampering detected from the last published checkpoint', () => {
  it('the honest log verifies', async () => {
    expect(latest.size).toBe(TOTAL);
    const pool = createPool({
      url: await cloneDatabase(adminUrl, honestUrl, 'transparency_copy'),
      max: 2,
      applicationName: 'transparency-copy',
    });
    copies.push(pool.options.connectionString as string);
    expect(await verify(pool)).toEqual({
      chains: { ok: true, streams: 4, events: TOTAL },
      log: { ok: true, size: TOTAL },
    });
  });

  it('an edited event whose followers were re-hashed', async () => {
    const pool = await tampered(async (db) => {
      await tamperAsSuperuser(db, (client) =>
        client.query(`UPDATE eventstore.events SET data = '{"i":99}' WHERE stream_id = 'proposal-c' AND revision = 1`),
      );
      await rehashStream(db, 'proposal-c');
    });
    const { chains, log } = await verify(pool);
    expect(chains.ok).toBe(true); // the chains alone no longer see it
    expect(log).toMatchObject({ ok: false, leafIndex: 4 });
    expect(log.ok || log.problem).toMatch(
      /^leaf 4 \(stream proposal-c revision 1, position \d+:\d+\) differs from the checkpoint$/,
    );
  });

  it('a whole stream deleted (events and head)', async () => {
    const pool = await tampered((db) =>
      tamperAsSuperuser(db, async (client) => {
        await client.query(`DELETE FROM eventstore.events WHERE stream_id = 'case-b'`);
        await client.query(`DELETE FROM eventstore.streams WHERE stream_id = 'case-b'`);
      }),
    );
    const { chains, log } = await verify(pool);
    expect(chains.ok).toBe(true);
    expect(log.ok || log.problem).toMatch(
      /^log shorter than checkpoint: 12 < 15; leaf 2 \(stream proposal-c revision 0, .*\) differs from the checkpoint; the checkpointed leaf was stream case-b revision 0 at position \d+$/,
    );
  });

  it('a stream tail cut off, its head moved back', async () => {
    const pool = await tampered(async (db) => {
      const { rows } = await db.query<{ hash: Buffer }>(
        `SELECT hash FROM eventstore.events WHERE stream_id = 'proposal-a' AND revision = 1`,
      );
      await tamperAsSuperuser(db, async (client) => {
        await client.query(`DELETE FROM eventstore.events WHERE stream_id = 'proposal-a' AND revision >= 2`);
        await client.query(
          `UPDATE eventstore.streams SET revision = 1, last_hash = $1 WHERE stream_id = 'proposal-a'`,
          [rows[0]?.hash],
        );
      });
    });
    const { chains, log } = await verify(pool);
    expect(chains.ok).toBe(true);
    expect(log.ok || log.problem).toMatch(
      /^log shorter than checkpoint: 13 < 15; leaf 5 .*stream proposal-a revision 2 at position/,
    );
  });

  it('two events swapped in the global order', async () => {
    const pool = await tampered(async (db) => {
      const first = await position(db, 'case-b', 0); // leaf 2
      const second = await position(db, 'household-d', 0); // leaf 7
      await tamperAsSuperuser(db, async (client) => {
        await client.query(`UPDATE eventstore.events SET position = -1 WHERE position = $1`, [first.position]);
        await client.query(
          `UPDATE eventstore.events SET position = $1, transaction_id = $2::xid8 WHERE position = $3`,
          [first.position, first.xid, second.position],
        );
        await client.query(
          `UPDATE eventstore.events SET position = $1, transaction_id = $2::xid8 WHERE position = -1`,
          [second.position, second.xid],
        );
      });
    });
    const { chains, log } = await verify(pool);
    expect(chains.ok).toBe(true);
    expect(log.ok || log.problem).toMatch(
      /^leaf 2 \(stream household-d revision 0, .*\) differs from the checkpoint; the checkpointed leaf was stream case-b revision 0/,
    );
  });

  it('an event re-timestamped', async () => {
    const pool = await tampered((db) =>
      tamperAsSuperuser(db, (client) =>
        client.query(
          `UPDATE eventstore.events SET recorded_at = recorded_at - interval '3 days' WHERE stream_id = 'case-b' AND revision = 2`,
        ),
      ),
    );
    const { chains, log } = await verify(pool);
    expect(chains.ok).toBe(true);
    expect(log.ok || log.problem).toMatch(
      /^leaf 9 \(stream case-b revision 2, position \d+:\d+\) differs from the checkpoint$/,
    );
  });

  it('a forged event inserted into the past of the log, with a valid chain of its own', async () => {
    const pool = await tampered(async (db) => {
      const before = await position(db, 'proposal-a', 3); // leaf 6, the last of its append
      const forged = { ...testEvent({ forged: true }), streamId: 'proposal-forged', revision: 0 };
      const hash = chainHash(GENESIS_HASH, canonicalEvent(forged));
      await tamperAsSuperuser(db, async (client) => {
        await client.query(
          `INSERT INTO eventstore.events (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
           VALUES ($1::bigint + 1000, $2::xid8, $3, 0, $4, $5, 1, $6, $7, $8)`,
          [
            before.position,
            before.xid,
            forged.streamId,
            forged.eventId,
            forged.type,
            forged.data,
            forged.metadata,
            hash,
          ],
        );
        await client.query(`INSERT INTO eventstore.streams VALUES ('proposal-forged', 0, $1)`, [hash]);
      });
    });
    const { chains, log } = await verify(pool);
    expect(chains).toMatchObject({ ok: true, streams: 5 });
    expect(log.ok || log.problem).toMatch(
      /^leaf 7 \(stream proposal-forged revision 0, .*\) differs from the checkpoint; the checkpointed leaf was stream household-d revision 0/,
    );
  });

  it('the whole database replaced by a re-hashed copy with its own tree', async () => {
    const pool = await tampered(async (db) => {
      await tamperAsSuperuser(db, (client) =>
        client.query(`UPDATE eventstore.events SET data = '{"i":0}' WHERE stream_id = 'household-d' AND revision = 2`),
      );
      await rehashStream(db, 'household-d');
      await tamperAsSuperuser(db, async (client) => {
        await client.query('DELETE FROM audit_log.leaves');
        await client.query('DELETE FROM audit_log.nodes');
        await client.query(`UPDATE audit_log.tree SET size = 0, last_log_position = '', root = sha256(''::bytea)`);
      });
      expect((await extendTree(db)).size).toBe(TOTAL); // a consistent tree, just not the signed one
    });
    const { chains, log } = await verify(pool);
    expect(chains.ok).toBe(true);
    expect(log.ok || log.problem).toMatch(
      /^root mismatch for the first 15 leaves \(the stored tree does not lead to the signed root either: rewritten too\); the first 7 leaves still match the checkpoint of that size, so the change lies in leaves 7\.\.14$/,
    );
  });
});

describe('what a checkpoint cannot show', () => {
  it('a forged event appended after the last checkpoint passes until a checkpoint covers it', async () => {
    const pool = await tampered(async (db) => {
      const forged = { ...testEvent({ forged: true }), streamId: 'proposal-tail', revision: 0 };
      const hash = chainHash(GENESIS_HASH, canonicalEvent(forged));
      await tamperAsSuperuser(db, async (client) => {
        await client.query(
          `INSERT INTO eventstore.events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
           VALUES ($1, 0, $2, $3, 1, $4, $5, $6)`,
          [forged.streamId, forged.eventId, forged.type, forged.data, forged.metadata, hash],
        );
        await client.query(`INSERT INTO eventstore.streams VALUES ('proposal-tail', 0, $1)`, [hash]);
      });
    });
    // TRANSPARENCY.md says so: only least privilege and frequent checkpoints narrow this.
    expect(await verify(pool)).toEqual({
      chains: { ok: true, streams: 5, events: TOTAL + 1 },
      log: { ok: true, size: TOTAL },
    });
  });
});

describe('consistency between checkpoints', () => {
  async function extended(rewrite: boolean): Promise<{ pool: Pool; head: { size: number; root: Buffer } }> {
    const pool = await tampered(async (db) => {
      if (rewrite) {
        await tamperAsSuperuser(db, async (client) => {
          await client.query(
            `UPDATE eventstore.events SET recorded_at = now() WHERE stream_id = 'proposal-c' AND revision = 4`,
          );
          await client.query('DELETE FROM audit_log.leaves');
          await client.query('DELETE FROM audit_log.nodes');
          await client.query(`UPDATE audit_log.tree SET size = 0, last_log_position = '', root = sha256(''::bytea)`);
        });
      }
      const store = createPostgresEventStore({ pool: db, notify: 'off' });
      await store.append('proposal-e', testEvents(3), 'no_stream');
      await store.close();
    });
    return { pool, head: await extendTree(pool) };
  }

  it('verifies from an honest checkpoint to a later honest one, and fails to a forked history', async () => {
    const honest = await extended(false);
    const proof = await proveConsistency(honest.pool, latest.size);
    expect(proof.second).toBe(TOTAL + 3);
    expect(checkConsistencyProof(proof, latest.root, honest.head.root)).toBe(true);
    expect(checkConsistencyProof(await proveConsistency(honest.pool, early.size), early.root, honest.head.root)).toBe(
      true,
    );
    await honest.pool.end();

    const forked = await extended(true);
    const forkProof = await proveConsistency(forked.pool, latest.size);
    expect(checkConsistencyProof(forkProof, latest.root, forked.head.root)).toBe(false);
    // The fork changed leaf 12 only: the older checkpoint (7 leaves) is still consistent with it.
    expect(checkConsistencyProof(await proveConsistency(forked.pool, early.size), early.root, forked.head.root)).toBe(
      true,
    );
    await forked.pool.end();
  });
});
