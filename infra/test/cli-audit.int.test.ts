import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NewEvent } from '@siks/contracts';
import { createPostgresEventStore, verifierKey } from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { tamperAsSuperuser } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, runCli, sharedMigrations, type CliIo } from '../src/index.ts';

const url = await useTestDatabase('cli_audit');
const pool = createPool({ url, max: 2, applicationName: 'test-cli-audit' });
await migrate(pool, sharedMigrations);
const dataDir = await mkdtemp(join(tmpdir(), 'siks-audit-'));
afterAll(async () => {
  await pool.end();
  await rm(dataDir, { recursive: true, force: true });
});
const env: CliIo['env'] = { DATABASE_URL: url, SIKS_DATA_DIR: dataDir };
const checkpointDir = join(dataDir, 'audit-checkpoints');

async function siks(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), env });
  return { code, out, err };
}

const STANDALONE = fileURLToPath(
  new URL('../../packages/eventstore/src/transparency/standalone-verify.ts', import.meta.url),
);
function standalone(dir: string): { code: number | null; out: string } {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', STANDALONE, dir, '--vkey', join(checkpointDir, 'public.vkey')],
    { encoding: 'utf8' },
  );
  return { code: child.status, out: child.stdout };
}

const event = (type: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { note: type, nested: { z: 1, a: [2, 'é'] } },
  metadata: {
    actor: { userId: 'u1', role: 'operator_desa', regionCode: '52.02.01.2001' },
    channel: 'operator',
    occurredAt: '2026-01-15T08:00:00.000+08:00',
    correlationId: 'c1',
    causationId: null,
  },
});

describe('siks audit checkpoint, verify and export', () => {
  it('publishes signed checkpoints, verifies against the latest, and the standalone verifier agrees', async () => {
    const store = createPostgresEventStore({ pool, notify: 'off' });
    await store.append('proposal-a', [event('Created'), event('Submitted')], 'no_stream');
    await store.append('proposal-b', [event('Created')], 'no_stream');

    const first = await siks(['audit', 'checkpoint']);
    expect(first.code).toBe(ExitCode.ok);
    expect(first.err).toContain('created the audit signing key');
    expect(first.out).toMatch(
      /^checkpoint of 3 events \(3 new\), root \S+\nshort code: 3-[A-Z2-7]{10}\nwritten: .*checkpoint-000000000003\.txt\n$/,
    );
    expect((await siks(['audit', 'checkpoint'])).out).toMatch(/^no new events: a checkpoint of size 3 exists already/);

    await store.append('proposal-c', [event('Created')], 'no_stream');
    await store.append('proposal-a', [event('Returned')], 1);
    expect((await siks(['audit', 'checkpoint'])).out).toContain('checkpoint of 5 events (2 new)');
    expect((await readdir(checkpointDir)).sort()).toEqual([
      'checkpoint-000000000003.txt',
      'checkpoint-000000000005.txt',
      'latest',
      'public.vkey',
    ]);
    expect(await readFile(join(checkpointDir, 'latest'), 'utf8')).toBe(
      await readFile(join(checkpointDir, 'checkpoint-000000000005.txt'), 'utf8'),
    );
    // The database keeps the same notes for the services to hand out (GET /v1/audit/checkpoint).
    const recorded = await pool.query<{ size: string; note: string }>(
      'SELECT size, note FROM audit_log.checkpoints ORDER BY size',
    );
    expect(recorded.rows.map((row) => [Number(row.size), row.note])).toEqual([
      [3, await readFile(join(checkpointDir, 'checkpoint-000000000003.txt'), 'utf8')],
      [5, await readFile(join(checkpointDir, 'checkpoint-000000000005.txt'), 'utf8')],
    ]);

    const verified = await siks(['audit', 'verify']);
    expect(verified.code).toBe(ExitCode.ok);
    expect(verified.out).toMatch(
      /^log matches the signed checkpoint: 5 events, short code 5-[A-Z2-7]{10}\nhash chains intact: 3 streams, 5 events\n$/,
    );

    const exportDir = join(dataDir, 'export-honest');
    expect((await siks(['audit', 'export', '--out', exportDir])).out).toBe(
      `exported 5 leaves and 2 checkpoints to ${exportDir}\n`,
    );
    const honest = standalone(exportDir);
    expect(honest.out).toContain('ok: checkpoint-000000000005.txt: root of 5 leaves matches');
    expect(honest.code).toBe(0);

    const proof = JSON.parse((await siks(['audit', 'prove', '--position', '1'])).out) as {
      leafIndex: number;
      treeSize: number;
    };
    expect(proof).toMatchObject({ leafIndex: 0, treeSize: 5 });
    await store.close();
  });

  it('exits 1 naming the deleted stream, and the standalone verifier of a new export fails too', async () => {
    await tamperAsSuperuser(pool, async (client) => {
      await client.query(`DELETE FROM eventstore.events WHERE stream_id = 'proposal-b'`);
      await client.query(`DELETE FROM eventstore.streams WHERE stream_id = 'proposal-b'`);
    });
    const broken = await siks(['audit', 'verify']);
    expect(broken.code).toBe(ExitCode.failed);
    expect(broken.out).toMatch(
      /^BROKEN: log shorter than checkpoint: 4 < 5; leaf 2 \(stream proposal-c revision 0, position \d+:\d+\) differs from the checkpoint; the checkpointed leaf was stream proposal-b revision 0 at position \d+\nhash chains intact: 2 streams, 4 events\n$/,
    );
    const exportDir = join(dataDir, 'export-tampered');
    await siks(['audit', 'export', '--out', exportDir]);
    const result = standalone(exportDir);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'BROKEN: checkpoint-000000000003.txt: the root of the first 3 exported leaves differs from the signed root',
    );
    expect(result.out).toContain(
      'BROKEN: checkpoint-000000000005.txt: the export has 4 leaves, fewer than the checkpoint',
    );
  });

  it('refuses a checkpoint signed by another key', async () => {
    const other = join(dataDir, 'other.vkey');
    const { privateKey } = generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await writeFile(other, verifierKey('siks.local/eventstore', privateKey));
    const result = await siks(['audit', 'verify', '--vkey', other]);
    expect(result.code).toBe(ExitCode.failed);
    expect(result.out).toMatch(/^BROKEN: .*latest: no valid signature by siks.local\/eventstore/);
  });
});
