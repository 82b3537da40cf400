/**
 * `pnpm bench:scale`: the same operations at two sizes of one province, in one run. Each size is
 * a fresh database filled by `pnpm siks seed`'s own code (seed.ts: the services' write path),
 * then the whole system is started on it (`startSystem`, one process) and every operation of
 * scale-ops.ts runs `--samples` times (after a warm-up): p50/p99/max in ms. Then each reporting
 * projection is rebuilt from its topics (events/s), storage is measured per household and per
 * event with the share of each part (event log, bus, each service's read models, keys), and the
 * resident memory of this process (all services) and of PostgreSQL.
 *
 *   --small 10000 --large 1000000   households of each size (`--large 0` runs the small one only)
 *   --province 52 --seed bench --samples 50 --concurrency 256
 *
 * The last lines compare the sizes: each operation's p99 ratio large/small (goal ≤ 2) and its
 * absolute p99 (goal < 100 ms, a verification < 200 ms), and each rebuild's events/s ratio (goal
 * ≥ 0.8). Uses DATABASE_URL's server when set (scratch databases, dropped), else an embedded
 * PostgreSQL in a temporary folder (`SCALE_PG_DIR` puts it elsewhere, e.g. a large disk).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createPool, type Pool } from '@siks/pg';
import { createDatabase, dropDatabase, startPostgres, type RunningPostgres } from '@siks/testing';
import { PROJECTION_NAMES } from '../../services/reporting/src/projections/projection.ts';
import { rebuildProjection } from '../../services/reporting/src/rebuild/rebuild.ts';
import { runSeed } from '../seed/seed.ts';
import { startSystem } from '../test/support/system.ts';
import { scaleOperations } from './scale-ops.ts';
import { storageReport } from './scale-storage.ts';

const { values: args } = parseArgs({
  options: {
    small: { type: 'string', default: '10000' },
    large: { type: 'string', default: '1000000' },
    province: { type: 'string', default: '52' },
    seed: { type: 'string', default: 'bench' },
    samples: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '256' },
  },
});
const SAMPLES = Number(args.samples);
const LOOKUP_GOAL_MS = 100;
const VERIFY_GOAL_MS = 200;
const piiKeys = { master: randomBytes(32).toString('base64'), blindIndex: randomBytes(32).toString('base64') };
const today = new Date();

const print = (line: Record<string, unknown>): void =>
  console.log(JSON.stringify({ ...line, load1: Number(loadavg()[0]?.toFixed(2)) }));
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

interface SizeResult {
  households: number;
  p99: Map<string, number>;
  rebuild: Map<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function postgresRssMb(pool: Pool): Promise<number | null> {
  // The server's processes are this machine's: sum their resident sets (Linux /proc).
  try {
    const { readFile, readdir } = await import('node:fs/promises');
    const pid = Number((await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    const parent = Number((await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ')[1]);
    let pages = 0;
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      const fields = stat.split(') ')[1]?.split(' ') ?? [];
      if (Number(entry) === parent || Number(fields[1]) === parent) pages += Number(fields[21] ?? 0);
    }
    return mb(pages * 4096);
  } catch {
    return null;
  }
}

async function runSize(adminUrl: string, households: number): Promise<SizeResult> {
  const url = await createDatabase(adminUrl, `scale_${households}`);
  const pool = createPool({ url, max: 4, applicationName: 'scale-bench' });
  const result: SizeResult = { households, p99: new Map(), rebuild: new Map() };
  try {
    const seeded = await runSeed({
      databaseUrl: url,
      households,
      province: args.province,
      seed: args.seed,
      today,
      piiKeys,
      concurrency: Number(args.concurrency),
      onProgress: (() => {
        let last = '';
        return (phase: string, done: number, total: number) => {
          const step = `${phase}:${Math.floor((done / Math.max(1, total)) * 10)}`;
          if (step !== last)
            console.error(`${new Date().toISOString().slice(11, 19)} seed ${households}: ${phase} ${done}/${total}`);
          last = step;
        };
      })(),
    });
    print({ case: 'seed', size: households, ...seeded, eventsPerSec: Math.round(seeded.events / seeded.seconds) });

    const system = await startSystem({ databaseUrl: url, piiKeys });
    try {
      const operations = await scaleOperations({
        system,
        pool,
        province: args.province,
        seed: args.seed,
        households,
        today,
      });
      for (const operation of operations) {
        for (let i = 0; i < 3; i += 1) await operation.run(1000 + i).catch(() => undefined); // warm-up
        const samples = SAMPLES;
        const times: number[] = [];
        for (let i = 0; i < samples; i += 1) {
          const started = performance.now();
          await operation.run(i);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const p99 = percentile(times, 0.99);
        result.p99.set(operation.name, p99);
        const goal = operation.name.startsWith('verification') ? VERIFY_GOAL_MS : LOOKUP_GOAL_MS;
        print({
          case: 'operation',
          size: households,
          operation: operation.name,
          samples,
          p50Ms: Number(percentile(times, 0.5).toFixed(1)),
          p99Ms: Number(p99.toFixed(1)),
          maxMs: Number((times[times.length - 1] ?? NaN).toFixed(1)),
          goalMs: goal,
          met: p99 < goal,
        });
      }
      for (const name of PROJECTION_NAMES) {
        const rebuilt = await rebuildProjection(
          { pool: system.platforms.reporting.pool, bus: system.platforms.reporting.bus },
          name,
          {
            handoverMs: 0,
          },
        );
        result.rebuild.set(name, rebuilt.eventsPerSecond);
        print({
          case: 'rebuild',
          size: households,
          projection: name,
          events: rebuilt.events,
          seconds: rebuilt.seconds,
          eventsPerSec: rebuilt.eventsPerSecond,
        });
      }
      print({ case: 'storage', size: households, ...(await storageReport(pool, households)) });
      print({
        case: 'memory',
        size: households,
        systemProcessRssMb: mb(process.memoryUsage().rss),
        postgresRssMb: await postgresRssMb(pool),
        note: 'one process runs all five services (startSystem): their resident memory is this process',
      });
    } finally {
      await system.close();
    }
  } finally {
    await pool.end();
    // SCALE_KEEP=1 keeps the seeded databases (with SCALE_PG_DIR: to look at their queries afterwards).
    if (process.env['SCALE_KEEP'] !== '1') await dropDatabase(adminUrl, url).catch(() => undefined);
  }
  return result;
}

async function main(): Promise<void> {
  let server: RunningPostgres | undefined;
  const adminUrl =
    process.env['DATABASE_URL'] ??
    (server = await startPostgres(
      process.env['SCALE_PG_DIR']
        ? { dataDir: process.env['SCALE_PG_DIR'], persistent: process.env['SCALE_KEEP'] === '1' }
        : {},
    )).adminUrl;
  try {
    const sizes = [Number(args.small), Number(args.large)].filter((size) => size > 0);
    const results: SizeResult[] = [];
    for (const size of sizes) results.push(await runSize(adminUrl, size));
    const [small, large] = results;
    if (small && large) {
      for (const [name, p99] of large.p99) {
        const ratio = p99 / (small.p99.get(name) ?? NaN);
        const goal = name.startsWith('verification') ? VERIFY_GOAL_MS : LOOKUP_GOAL_MS;
        print({
          case: 'scaling',
          operation: name,
          small: small.households,
          large: large.households,
          p99RatioLargeToSmall: Number(ratio.toFixed(2)),
          met: ratio <= 2 && p99 < goal,
        });
      }
      for (const [name, rate] of large.rebuild) {
        const ratio = rate / (small.rebuild.get(name) ?? NaN);
        print({ case: 'rebuild scaling', projection: name, ratio: Number(ratio.toFixed(2)), met: ratio >= 0.8 });
      }
    }
  } finally {
    await server?.stop();
  }
}

await main();
