import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startPostgres } from './embedded-postgres.ts';
import {
  canReach,
  embeddedNativeDir,
  postgresOsUser,
  reachableBinaries,
  sharedBase,
  startAsPostgresUser,
} from './postgres-as-root.ts';

const asRoot = process.getuid?.() === 0;

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

// A clone under /root, or any folder of mode 0700, is one the postgres OS user cannot enter.
describe.skipIf(!asRoot)('embedded PostgreSQL as root from a folder of mode 0700 (runs only as root)', () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const path of cleanup) await rm(path, { recursive: true, force: true });
  });
  const closedFolder = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'siks-closed-'));
    await chmod(dir, 0o700);
    cleanup.push(dir);
    return dir;
  };

  it('tells a folder the postgres user cannot walk through from one it can', async () => {
    const user = await postgresOsUser();
    const closed = await closedFolder();
    expect(canReach(join(closed, 'pg'), user)).toBe(false);
    expect(canReach(join(tmpdir(), 'anything'), user)).toBe(true);
  });

  it('keeps a persistent cluster asked for inside it in a folder of its own, across restarts', async () => {
    const closed = await closedFolder();
    const port = await freePort();
    const first = await startPostgres({ dataDir: join(closed, 'pg'), persistent: true, port });
    cleanup.push(first.dataDir);
    try {
      expect(first.dataDir).not.toBe(join(closed, 'pg'));
      await query(first.adminUrl, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    } finally {
      await first.stop();
    }
    const second = await startPostgres({ dataDir: join(closed, 'pg'), persistent: true, port });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.adminUrl, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
    } finally {
      await second.stop();
    }
  });

  it('runs binaries installed inside it from a copy the postgres user can reach', async () => {
    const user = await postgresOsUser();
    const closed = await closedFolder();
    const installed = join(closed, 'native');
    await cp(embeddedNativeDir(), installed, { recursive: true, verbatimSymlinks: true });
    expect(canReach(join(installed, 'bin', 'initdb'), user)).toBe(false);

    const binDir = await reachableBinaries(installed, sharedBase(user));
    cleanup.push(binDir);
    expect(canReach(join(binDir, 'bin', 'initdb'), user)).toBe(true);
    expect(await reachableBinaries(installed, sharedBase(user))).toBe(binDir); // made once

    const dataDir = await mkdtemp(join(tmpdir(), 'siks-pg-root-'));
    cleanup.push(dataDir);
    const port = await freePort();
    const server = await startAsPostgresUser({
      binDir,
      dataDir,
      user,
      superuser: 'postgres',
      password: 'postgres',
      port,
      flags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => undefined,
    });
    try {
      expect(await query(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, 'SELECT 1 AS one')).toEqual([
        { one: 1 },
      ]);
    } finally {
      await server.stop();
    }
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });
});
