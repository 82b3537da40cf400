/**
 * The system as `pnpm start` runs it: each service its own Node process (an esbuild bundle on
 * plain node, or the sources under tsx with `runner: 'tsx'`), each with its own event loop — for
 * the end-to-end pipeline test and the pipeline benchmark. On one database by default (shared
 * migrations run here once, each service migrates its own schema at start); `perService` gives a
 * service its own variables (the production layout: its own database, role and keyring URL).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createPool, migrate } from '@siks/pg';
import { generateSigningKeys, mintToken, type UserRole } from '@siks/service-kit';
import { freePort } from '@siks/testing';
import { bundleService } from '../../src/bundle.ts';
import { sharedMigrations } from '../../src/migrations.ts';
import { ensureExportSigningKey } from '../../src/keys.ts';
import { repoRoot } from '../../src/paths.ts';
import { SERVICES, serviceSpecs } from '../../src/services.ts';
import { SupervisedService, type ServiceSpec } from '../../src/supervisor.ts';

export const BACKEND_SERVICES = ['intake', 'document', 'verification', 'registry', 'reporting'] as const;
export type BackendService = (typeof BACKEND_SERVICES)[number];
export type ProcessName = BackendService | 'gateway';

export interface ServiceProcesses {
  /** Base URL of each service that runs (`http://127.0.0.1:<port>`). */
  urls: Partial<Record<ProcessName, string>>;
  pids(): Partial<Record<ProcessName, number | undefined>>;
  /** A bearer token of the processes' signing key. */
  token(role: UserRole, region: string, userId?: string): Promise<string>;
  /** SIGTERM to each (as Ctrl-C to `pnpm start`: the gateway first), then removes the data folder. */
  close(): Promise<void>;
}

export interface ServiceProcessesOptions {
  /** The database every service uses unless `perService` says otherwise. */
  databaseUrl: string;
  /** Every service's `BUS_URL` (default: `databaseUrl`). */
  busUrl?: string;
  /** The gateway runs too (without demo users), in front of the others. */
  gateway?: boolean;
  /** Run the shared migrations on `databaseUrl` first (default true; the layout's setup does its own). */
  sharedMigrations?: boolean;
  /** Extra environment of every service (e.g. `PROPOSAL_WINDOWS`). */
  env?: Record<string, string>;
  /** Environment of one service, over everything else. */
  perService?: Partial<Record<ProcessName, Record<string, string>>>;
  runner?: 'bundle' | 'tsx';
  /** The services' own output lines (warnings and errors at the default `LOG_LEVEL=warn`). */
  print(line: string): void;
  readyTimeoutMs?: number;
}

export async function startServiceProcesses(options: ServiceProcessesOptions): Promise<ServiceProcesses> {
  const root = repoRoot();
  const names: ProcessName[] = [...BACKEND_SERVICES, ...(options.gateway ? (['gateway'] as const) : [])];
  const signing = await generateSigningKeys();
  const dataDir = await mkdtemp(join(tmpdir(), 'siks-services-'));
  await ensureExportSigningKey(dataDir, { ...process.env, ...options.env });
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async ({ name }) => [name, await freePort()])));
  if (options.sharedMigrations ?? true) {
    const pool = createPool({ url: options.databaseUrl, max: 1, applicationName: 'siks-test-migrate' });
    try {
      await migrate(pool, sharedMigrations);
    } finally {
      await pool.end();
    }
  }
  const specs: ServiceSpec[] = serviceSpecs({
    root,
    databaseUrl: options.databaseUrl,
    ...(options.busUrl ? { busUrl: options.busUrl } : {}),
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
      SIKS_DEMO_USERS: 'false',
      ...Object.fromEntries(SERVICES.map(({ name }) => [`SIKS_${name.toUpperCase()}_PORT`, String(ports[name])])),
      // Telemetry settings pass through (e.g. `OTEL_EXPORTER_OTLP_ENDPOINT=… pnpm bench:pipeline`).
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('OTEL_'))),
      ...options.env,
    },
  }).filter((spec) => (names as string[]).includes(spec.name));
  for (const spec of specs) Object.assign(spec.env, options.perService?.[spec.name as ProcessName]);
  const tsx = options.runner === 'tsx';
  // Each run bundles into a folder of its own beside the usual dist/ (module resolution from the
  // bundle walks up from there, as from dist/): test files run at once must not rewrite a bundle
  // another one is starting.
  const bundles = specs.map((spec) => join(root, 'services', spec.name, 'dist', `run-${basename(dataDir)}`));
  if (!tsx) {
    for (const [index, spec] of specs.entries())
      spec.entry = await bundleService(join(root, 'services', spec.name), { outdir: bundles[index] });
  }
  // BENCH_SERVICE_CPU_PROF=<dir>: each service writes a V8 CPU profile there when it stops
  // (node refuses --cpu-prof in NODE_OPTIONS); read with services/intake/bench/cpu-profile.ts.
  const profiles = process.env['BENCH_SERVICE_CPU_PROF'];
  const nodeArgs = [
    ...(tsx ? ['--import', import.meta.resolve('tsx')] : []),
    ...(profiles ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : []),
  ];

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
    await Promise.all(services.filter((s) => s.spec.name === 'gateway').map((service) => service.stop(30_000)));
    await Promise.all(services.filter((s) => s.spec.name !== 'gateway').map((service) => service.stop(30_000)));
    await rm(dataDir, { recursive: true, force: true });
    await Promise.all(bundles.map((folder) => rm(folder, { recursive: true, force: true })));
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
    urls: Object.fromEntries(names.map((name) => [name, `http://127.0.0.1:${ports[name]}`])),
    pids: () => Object.fromEntries(services.map((service) => [service.spec.name, service.pid])),
    token: (role, region, userId = `${role}-${region}`) =>
      mintToken(signing.privateKey, { sub: userId, role, region, name: 'Petugas Uji' }, { expiresIn: '2h' }),
    close,
  };
}
