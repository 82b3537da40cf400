/** The run of `pnpm bench:intake` (see intake.bench.ts, which starts telemetry first and then imports this). */
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, migrate, type Pool } from '@siks/pg';
import { connectPlatform } from '@siks/platform';
import { createLogger, createTokenVerifier, generateSigningKeys, loadConfig, mintToken } from '@siks/service-kit';
import { createDatabase, startPostgres, type RunningPostgres } from '@siks/testing';
import { loadRegions } from '@siks/wilayah';
import Fastify from 'fastify';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { startWorkers } from '../src/workers.ts';
import type { LoadPlan, LoadResult } from './load.ts';
import { startWorkersProcess } from './workers-process.ts';

const env = process.env;
const clients = Number(env['BENCH_CLIENTS'] ?? 50);
const durationMs = Number(env['BENCH_SECONDS'] ?? 20) * 1000;
const warmupMs = Number(env['BENCH_WARMUP_SECONDS'] ?? 3) * 1000;
const synchronousCommit = env['BENCH_SYNCHRONOUS_COMMIT'] === 'off' ? 'off' : 'on';
const idempotencyKeys = env['BENCH_IDEMPOTENCY_KEYS'] !== 'false';
/** Connections of each side's pool (intake's `DATABASE_POOL_MAX`, the baseline's pool). */
const poolSize = Number(env['BENCH_POOL_SIZE'] ?? 10);
const targets = new Set((env['BENCH_TARGETS'] ?? 'baseline,intake').split(','));
const dbStats = env['BENCH_DB_STATS'] === '1';
const workersMode = env['BENCH_WORKERS'] === 'inline' ? 'inline' : 'process';
const workersPoolSize = Number(env['BENCH_WORKERS_POOL_SIZE'] ?? 4);

const print = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(name: string, result: LoadResult): Record<string, unknown> & { rate: number; p99Ms: number } {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  const rate = round(result.accepted / result.seconds);
  return {
    bench: name,
    clients,
    seconds: result.seconds,
    accepted: result.accepted,
    failed: result.failed,
    statuses: result.statuses,
    rate,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Runs the load in its own process (its own event loop, like real clients). */
function load(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
    child.once('message', (message: { ok: boolean; result?: LoadResult; error?: string }) => {
      if (message.ok && message.result) resolve(message.result);
      else reject(new Error(message.error ?? 'load process failed'));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load process exited with ${String(code)}`));
    });
    child.send(plan);
  });
}

/** With `BENCH_DB_STATS`: a server with pg_stat_statements loaded (set, then restarted). */
async function startServer(): Promise<RunningPostgres & { cleanup(): Promise<void> }> {
  if (!dbStats) return Object.assign(await startPostgres(), { cleanup: async () => undefined });
  const dataDir = await mkdtemp(join(tmpdir(), 'siks-bench-'));
  const first = await startPostgres({ dataDir, persistent: true });
  const admin = createPool({ url: first.adminUrl, max: 1, applicationName: 'bench-admin' });
  await admin.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await admin.query("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
  await admin.end();
  await first.stop();
  const second = await startPostgres({ dataDir, persistent: true, port: first.port });
  return Object.assign(second, { cleanup: () => rm(dataDir, { recursive: true, force: true }) });
}

interface DbCounters {
  commits: number;
  walFsyncs: number;
  walWrites: number;
}

async function dbCounters(pool: Pool): Promise<DbCounters> {
  const { rows } = await pool.query<{ commits: string; fsyncs: string | null; writes: string | null }>(
    `SELECT (SELECT sum(xact_commit) FROM pg_stat_database) AS commits,
            (SELECT sum(fsyncs) FROM pg_stat_io WHERE object = 'wal') AS fsyncs,
            (SELECT sum(writes) FROM pg_stat_io WHERE object = 'wal') AS writes`,
  );
  const row = rows[0];
  return {
    commits: Number(row?.commits ?? 0),
    walFsyncs: Number(row?.fsyncs ?? 0),
    walWrites: Number(row?.writes ?? 0),
  };
}

/** Statements per accepted request since the last reset (the side's own, by application name). */
async function statementsPerRequest(pool: Pool, accepted: number): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query<{ query: string; calls: string; ms: number }>(
    `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query, calls, total_exec_time AS ms
       FROM pg_stat_statements ORDER BY calls DESC LIMIT 25`,
  );
  const perRequest = (value: number) => Math.round((value / Math.max(1, accepted)) * 100) / 100;
  return rows.map((row) => ({
    perRequest: perRequest(Number(row.calls)),
    msPerCall: Math.round((row.ms / Number(row.calls)) * 100) / 100,
    query: row.query,
  }));
}

const server = await startServer();
try {
  if (synchronousCommit === 'off') {
    const admin = createPool({ url: server.adminUrl, max: 1, applicationName: 'bench-admin' });
    await admin.query('ALTER SYSTEM SET synchronous_commit = off');
    await admin.query('SELECT pg_reload_conf()');
    await admin.end();
  }
  const url = await createDatabase(server.adminUrl, 'bench');
  const regions = await loadRegions();
  const villages = regions.childrenOf('52.02.01').map((village) => village.code);
  const keys = await generateSigningKeys();
  const tokens = await Promise.all(
    Array.from({ length: clients }, (_, client) =>
      mintToken(
        keys.privateKey,
        {
          sub: `bench-operator-${client}`,
          role: 'operator_desa',
          region: villages[client % villages.length] ?? '',
          name: 'Bench',
        },
        { expiresIn: '2h' },
      ),
    ),
  );
  const clientVillages = Array.from({ length: clients }, (_, client) => villages[client % villages.length] ?? '');

  // Baseline: a bare fastify route, one INSERT of the JSON per request, its own pool of the same size.
  const baselinePool = createPool({ url, max: poolSize, applicationName: 'bench-baseline' });
  await baselinePool.query('CREATE TABLE public.bench_baseline (id bigserial PRIMARY KEY, body jsonb NOT NULL)');
  const baseline = Fastify({ logger: false, bodyLimit: 1_048_576 });
  baseline.post('/baseline', async (request, reply) => {
    const { rows } = await baselinePool.query<{ id: string }>(
      'INSERT INTO public.bench_baseline (body) VALUES ($1) RETURNING id',
      [JSON.stringify(request.body)],
    );
    return reply.code(201).send({ id: rows[0]?.id });
  });
  const baselineOrigin = await baseline.listen({ host: '127.0.0.1', port: 0 });

  // Intake as main.ts runs it: platform from configuration; the workers (relay, read model,
  // verification consumer) in a process of their own (main.ts, INTAKE_ROLE=workers) or inline.
  const intakeEnv = {
    DATABASE_URL: url,
    JWT_PUBLIC_KEY: keys.publicKey,
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    HTTP_RATE_LIMIT_PER_MINUTE: '0',
  };
  const config = loadConfig(configSchema, { ...intakeEnv, DATABASE_POOL_MAX: String(poolSize), INTAKE_ROLE: 'api' });
  const logger = createLogger({ service: 'intake', level: 'silent' });
  const platform = await connectPlatform(config, { service: 'intake' });
  await migrate(platform.pool, [migrations]);
  const app = build({
    config,
    platform,
    logger,
    regions,
    verifier: await createTokenVerifier({ publicKey: keys.publicKey }),
  });
  const workers =
    workersMode === 'inline'
      ? await startWorkers({ platform, logger })
      : await startWorkersProcess({ ...intakeEnv, DATABASE_POOL_MAX: String(workersPoolSize) });
  const intakeOrigin = await app.listen({ host: '127.0.0.1', port: 0 });

  print({
    bench: 'setup',
    clients,
    seconds: durationMs / 1000,
    warmupSeconds: warmupMs / 1000,
    synchronousCommit,
    idempotencyKeys,
    workers: workersMode,
    node: process.version,
  });
  const common = { clients, durationMs, warmupMs, villages: clientVillages };
  const statsPool = dbStats ? createPool({ url, max: 1, applicationName: 'bench-stats' }) : undefined;
  if (statsPool) await statsPool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const side = async (name: string, plan: LoadPlan) => {
    const fromS = Math.round(performance.now() / 100) / 10;
    const before = statsPool ? await dbCounters(statsPool) : undefined;
    if (statsPool) await statsPool.query('SELECT pg_stat_statements_reset()');
    const cpu = process.cpuUsage();
    const result = await load(plan);
    const used = process.cpuUsage(cpu);
    // CPU of this process (the side's HTTP server; intake's API) per request sent, warm-up included:
    // what tracing adds per request, far steadier than rates on a loaded machine.
    const apiCpuMsPerRequest =
      Math.round(((used.user + used.system) / 1000 / Math.max(1, result.sent + result.warmupSent)) * 100) / 100;
    const line = { ...summary(name, result), apiCpuMsPerRequest, fromS, toS: Math.round(performance.now() / 100) / 10 };
    print(line);
    if (statsPool && before) {
      // Counted over warm-up and measurement alike; divided by the requests of both.
      const after = await dbCounters(statsPool);
      const requests = Math.max(1, result.sent + result.warmupSent);
      const per = (value: number) => Math.round((value / requests) * 100) / 100;
      print({
        bench: `${name}-db`,
        requests,
        commitsPerRequest: per(after.commits - before.commits),
        walFsyncsPerRequest: per(after.walFsyncs - before.walFsyncs),
        walWritesPerRequest: per(after.walWrites - before.walWrites),
        statements: await statementsPerRequest(statsPool, requests),
      });
    }
    return line;
  };
  const base = targets.has('baseline')
    ? await side('baseline', {
        ...common,
        origin: baselineOrigin,
        path: '/baseline',
        tokens: [],
        idempotencyKeys: false,
      })
    : undefined;
  const intake = targets.has('intake')
    ? await side('intake', { ...common, origin: intakeOrigin, path: '/v1/intake/proposals', tokens, idempotencyKeys })
    : undefined;
  if (base && intake) {
    print({
      bench: 'ratio',
      intakeOverBaseline: Math.round((intake.rate / base.rate) * 1000) / 1000,
      goal: 0.5,
      intakeP99Ms: intake.p99Ms,
      p99GoalMs: 100,
      met: intake.rate / base.rate >= 0.5 && intake.p99Ms < 100,
    });
  }
  await statsPool?.end();

  await app.close();
  await workers.stop();
  await platform.close();
  await baseline.close();
  await baselinePool.end();
} finally {
  await server.stop();
  await server.cleanup();
}
