/**
 * The five back-end services as `pnpm start` runs them: each its own Node process (an esbuild
 * bundle on plain node, or the sources under tsx with `runner: 'tsx'`), on one database, each
 * with its own event loop — for the pipeline benchmark's default topology. The caller applies
 * nothing: shared migrations run here once, each service migrates its own schema at start.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, migrate } from '@siks/pg';
import { generateSigningKeys, mintToken, type UserRole } from '@siks/service-kit';
import { freePort } from '@siks/testing';
import { bundleService } from '../src/bundle.ts';
import { sharedMigrations } from '../src/migrations.ts';
import { repoRoot } from '../src/paths.ts';
import { serviceSpecs } from '../src/services.ts';
import { SupervisedService, type ServiceSpec } from '../src/supervisor.ts';
import { SERVICE_NAMES, type ServiceName } from '../test/support/system.ts';

export interface ServiceProcesses {
  urls: Record<ServiceName, string>;
  pids(): Record<ServiceName, number | undefined>;
  /** A bearer token of the processes' signing key. */
  token(role: UserRole, region: string, userId?: string): Promise<string>;
  /** SIGTERM to each (as Ctrl-C to `pnpm start`), then removes the blob folder. */
  close(): Promise<void>;
}

export interface ServiceProcessesOptions {
  databaseUrl: string;
  /** Extra environment of every service (e.g. `PROPOSAL_WINDOWS`). */
  env?: Record<string, string>;
  runner?: 'bundle' | 'tsx';
  /** The services' own output lines (warnings and errors at the default `LOG_LEVEL=warn`). */
  print(line: string): void;
  readyTimeoutMs?: number;
}

export async function startServiceProcesses(options: ServiceProcessesOptions): Promise<ServiceProcesses> {
  const root = repoRoot();
  const signing = await generateSigningKeys();
  const dataDir = await mkdtemp(join(tmpdir(), 'siks-bench-services-'));
  const ports = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (name) => [name, await freePort()])));
  const pool = createPool({ url: options.databaseUrl, max: 1, applicationName: 'siks-bench-migrate' });
  try {
    await migrate(pool, sharedMigrations);
  } finally {
    await pool.end();
  }
  const specs: ServiceSpec[] = serviceSpecs({
    root,
    databaseUrl: options.databaseUrl,
    keys: {
      jwtPrivateKey: signing.privateKey,
      jwtPublicKey: signing.publicKey,
      piiMasterKey: randomBytes(32).toString('base64'),
      piiBlindIndexKey: randomBytes(32).toString('base64'),
    },
    dataDir,
    env: {
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      LOG_LEVEL: process.env['SYSTEM_LOG_LEVEL'] ?? 'warn',
      HTTP_RATE_LIMIT_PER_MINUTE: '0',
      ...Object.fromEntries(SERVICE_NAMES.map((name) => [`SIKS_${name.toUpperCase()}_PORT`, String(ports[name])])),
      ...options.env,
    },
  }).filter((spec) => (SERVICE_NAMES as readonly string[]).includes(spec.name));
  const tsx = options.runner === 'tsx';
  if (!tsx) for (const spec of specs) spec.entry = await bundleService(join(root, 'services', spec.name));
  const nodeArgs = tsx ? ['--import', import.meta.resolve('tsx')] : [];

  const ready = new Map<string, () => void>();
  const readiness = specs.map((spec) => new Promise<void>((resolve) => ready.set(spec.name, resolve)));
  const alerts: string[] = [];
  const services = specs.map(
    (spec) =>
      new SupervisedService(spec, {
        cwd: root,
        nodeArgs,
        print: options.print,
        alert: (line) => {
          alerts.push(line);
          options.print(line);
        },
        onReady: (service) => ready.get(service.name)?.(),
      }),
  );
  const close = async (): Promise<void> => {
    await Promise.all(services.map((service) => service.stop(30_000)));
    await rm(dataDir, { recursive: true, force: true });
  };
  services.forEach((service) => service.start());
  const timeoutMs = options.readyTimeoutMs ?? 180_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`services not ready after ${timeoutMs} ms: ${alerts.join('; ')}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([Promise.all(readiness), timedOut]);
  } catch (error) {
    await close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    urls: Object.fromEntries(SERVICE_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}`])) as Record<
      ServiceName,
      string
    >,
    pids: () =>
      Object.fromEntries(services.map((service) => [service.spec.name, service.pid])) as Record<
        ServiceName,
        number | undefined
      >,
    token: (role, region, userId = `${role}-${region}`) =>
      mintToken(signing.privateKey, { sub: userId, role, region, name: 'Petugas Uji' }, { expiresIn: '2h' }),
    close,
  };
}
