import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { httpStatus } from '@siks/testing';
import { acquireLock } from './lock.ts';
import { embeddedDatabaseUrl } from '../../../../infra/src/paths.ts';
import { freePorts } from './ports.ts';

/** The repository root (apps/console/test/support → four levels up). */
export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');

const SERVICE_NAMES = ['intake', 'document', 'verification', 'registry', 'reporting', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Every proposal window open every day, so a submission is never deferred whatever today's date. */
export const ALWAYS_OPEN_WINDOWS = JSON.stringify({
  default: { additions: { fromDay: 1, toDay: 31 }, pbiJk: { fromDay: 1, toDay: 31 } },
});

export interface DemoUser {
  username: string;
  role: string;
  regionCode: string;
  name: string;
}

/** The first demo user of a role (the demo seed has one of each). */
export function byRole(users: readonly DemoUser[], role: string): DemoUser {
  const user = users.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return user;
}

export interface LoginAnswer {
  accessToken: string;
  expiresIn: number;
  csrfToken: string;
  user: { id: string; username: string; name: string; role: string; regionCode: string };
}

export interface System {
  /** `http://127.0.0.1:<gateway port>`. */
  baseUrl: string;
  dataDir: string;
  /** The built console the gateway serves (`CONSOLE_DIR`). */
  consoleDir: string;
  ports: Record<ServiceName | 'pg', number>;
  /** The embedded PostgreSQL database every service of this system uses. */
  databaseUrl: string;
  /** The demo users' password (`SIKS_DEMO_PASSWORD`). */
  password: string;
  /** Usernames found in `<dataDir>/demo-users.txt`. */
  demoUsernames: string[];
  /** The launcher's and the services' output so far (last lines). */
  output(): string;
  /** Logs in through the gateway's API; throws on anything but 200. */
  login(username: string, password?: string): Promise<LoginAnswer>;
  /** A JSON request through the gateway with a bearer token; answers status and parsed body. */
  api<T = unknown>(token: string, path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  /** Logs in every demo user and answers their role and region. */
  demoUsers(): Promise<DemoUser[]>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the launcher (it passes its environment on to every service). */
  env?: Record<string, string>;
  /** How long start-up may take (bundling, PostgreSQL initdb, migrations, six services). */
  timeoutMs?: number;
}

const KEEP_LINES = 3000;
const LOCK_PATH = join(tmpdir(), 'siks-browser-tests.start.lock');

/**
 * Starts the whole system as `pnpm start` does (`tsx infra/src/start.ts`) in a fresh data
 * directory, on free ports, with a known demo password; resolves once every service printed
 * that it is ready and the gateway's `/health/ready` answers 200. The console is built fresh
 * into the data directory first (`CONSOLE_DIR`). Start-ups are serialised between test files
 * (the launcher bundles the services into the shared `services/<name>/dist`).
 */
export async function startSystem(options: StartOptions = {}): Promise<System> {
  const timeoutMs = options.timeoutMs ?? 240_000;
  const release = await acquireLock(LOCK_PATH, timeoutMs * 2);
  try {
    return await startLocked(options, timeoutMs);
  } finally {
    await release();
  }
}

async function startLocked(options: StartOptions, timeoutMs: number): Promise<System> {
  const dataDir = await mkdtemp(join(tmpdir(), 'siks-browser-'));
  const [pg, ...servicePorts] = await freePorts(1 + SERVICE_NAMES.length);
  const ports = { pg: pg ?? 0 } as Record<ServiceName | 'pg', number>;
  SERVICE_NAMES.forEach((name, i) => (ports[name] = servicePorts[i] ?? 0));
  const password = `Uji-${Math.random().toString(36).slice(2, 10)}-Sandi!9`;
  // The console as it is now, built into the data directory (a stale apps/console/dist is never
  // tested); SIKS_TEST_CONSOLE_DIR names a console built beforehand instead.
  const prebuilt = process.env['SIKS_TEST_CONSOLE_DIR'];
  const consoleDir = prebuilt ? resolve(prebuilt) : join(dataDir, 'console');
  if (!prebuilt) {
    try {
      const { buildConsole } = await import('../../build.ts');
      await buildConsole({ outDir: consoleDir, minify: true });
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !/^(VITEST|TEST_DATABASE_URL)/.test(entry[0]),
    ),
  );
  const env: Record<string, string> = {
    ...inherited,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['SIKS_TEST_LOG_LEVEL'] ?? 'info',
    SIKS_DATA_DIR: dataDir,
    SIKS_PG_PORT: String(ports.pg),
    SIKS_DEMO_USERS: 'true',
    SIKS_DEMO_PASSWORD: password,
    CONSOLE_DIR: consoleDir,
    PROPOSAL_WINDOWS: ALWAYS_OPEN_WINDOWS,
    ...Object.fromEntries(SERVICE_NAMES.map((name) => [`SIKS_${name.toUpperCase()}_PORT`, String(ports[name])])),
    ...options.env,
  };
  const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['infra/src/start.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stop() signals the launcher and PostgreSQL together
  });
  const lines: string[] = [];
  const ready = new Set<string>();
  const echo = process.env['SIKS_TEST_SHOW_LOGS'] === '1';
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > KEEP_LINES) lines.shift();
      if (echo) process.stdout.write(`${line}\n`);
      const match = /\b([a-z]+) ready at http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (match?.[1]) ready.add(match[1]);
    });
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const killOnExit = (): void => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  const output = (): string => lines.join('\n');
  const baseUrl = `http://127.0.0.1:${ports.gateway}`;

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
      if (!gone) {
        signalGroup(child, 'SIGKILL');
        await exited;
      }
    }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error('the launcher exited during start-up');
      if (SERVICE_NAMES.every((name) => ready.has(name)) && (await httpStatus(`${baseUrl}/health/ready`)) === 200)
        break;
      if (Date.now() > deadline) throw new Error(`the system was not ready within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
    const demoUsernames = await readDemoUsernames(join(dataDir, 'demo-users.txt'), deadline);
    const system: System = {
      baseUrl,
      dataDir,
      consoleDir,
      ports,
      databaseUrl: embeddedDatabaseUrl(ports.pg),
      password,
      demoUsernames,
      output,
      login: (username, given) => login(baseUrl, username, given ?? password),
      api: (token, path, init) => api(baseUrl, token, path, init),
      async demoUsers() {
        const users: DemoUser[] = [];
        for (const username of demoUsernames) {
          const { user } = await login(baseUrl, username, password);
          users.push({ username, role: user.role, regionCode: user.regionCode, name: user.name });
        }
        return users;
      },
      stop,
    };
    return system;
  } catch (error) {
    const tail = lines.slice(-80).join('\n');
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- last output ---\n${tail}`, {
      cause: error,
    });
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const USERNAME = /\b((?:operator|verifikator|admin|auditor)\.[a-z0-9][a-z0-9.-]*[a-z0-9])\b/g;

/** The demo users the gateway wrote (one per line, the username among other words). */
async function readDemoUsernames(path: string, deadline: number): Promise<string[]> {
  for (;;) {
    if (existsSync(path)) {
      const text = await readFile(path, 'utf8');
      const names = [...new Set([...text.matchAll(USERNAME)].map((match) => match[1] ?? ''))].filter(Boolean);
      if (names.length > 0) return names;
    }
    if (Date.now() > deadline) throw new Error(`no demo users in ${path}`);
    await sleep(250);
  }
}

async function login(baseUrl: string, username: string, password: string): Promise<LoginAnswer> {
  const response = await fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    body: JSON.stringify({ username, password }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`login of ${username}: ${response.status} ${text}`);
  return JSON.parse(text) as LoginAnswer;
}

async function api<T>(
  baseUrl: string,
  token: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  headers.set('accept-language', 'en');
  if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const response = await fetch(`${baseUrl}${path}`, { ...init, headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T };
}
