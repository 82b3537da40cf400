/**
 * Audit-log benchmark: `pnpm bench:audit` from the repository root. Uses DATABASE_URL's server
 * when set (a scratch database is created there and dropped), else an embedded PostgreSQL.
 * Prints one JSON object per line.
 *
 * The log is filled with BENCH_AUDIT_EVENTS (1,000,000) synthetic events by INSERT … SELECT
 * (in transactions of 100,000, so the global order spans many transaction ids): appending a
 * million events through the store here would take longer than everything measured. The
 * tree does not care how an event got in; the chains of these events are not valid (the bench
 * does not run the chain check). Then: the first checkpoint over all of them, the next 10,000
 * (the incremental cost), proof sizes and times, and the full verification from the database.
 *
 * First, on a database of its own: append throughput with scheduled checkpoints on vs off
 * (audit-append.ts; goal: on ≥ 90 % of off). BENCH_AUDIT_CHECKPOINT_MS (1000), BENCH_ROUNDS (4),
 * BENCH_ROUND_MS (3000); BENCH_AUDIT_ONLY=append skips the million-event cases.
 */
import { createPool, migrate, type Pool } from '@siks/pg';
import { createDatabase, dropDatabase, startPostgres, type RunningPostgres } from '@siks/testing';
import {
  auditLogMigrations,
  checkConsistencyProof,
  checkInclusionProof,
  eventstoreMigrations,
  extendTree,
  proveConsistency,
  proveInclusion,
  verifyLogAgainstCheckpoint,
} from '../src/index.ts';
import { appendWithCheckpoints } from './audit-append.ts';

const EVENTS = Number(process.env['BENCH_AUDIT_EVENTS'] ?? 1_000_000);
const NEXT = 10_000;
const CHUNK = 100_000;

/** Appends with scheduled checkpoints must keep at least this share of the rate without. */
const APPEND_GOAL = 0.9;

async function migrateFresh(url: string): Promise<void> {
  const pool = createPool({ url, max: 1, applicationName: 'audit-bench-migrate' });
  try {
    await migrate(pool, [eventstoreMigrations, auditLogMigrations]);
  } finally {
    await pool.end();
  }
}

const print = (line: Record<string, unknown>): void => console.log(JSON.stringify(line));
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

const METADATA = JSON.stringify({
  actor: { userId: 'operator.praya', role: 'operator_desa', regionCode: '52.02.01.2001' },
  channel: 'operator',
  occurredAt: '2026-12-07T08:00:00.000+08:00',
  correlationId: '0190c1f2-0000-7000-8000-000000000000',
  causationId: null,
});

/** `count` events from number `from` on, ten per stream, about 400 bytes of data and metadata each. */
async function fill(pool: Pool, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += CHUNK) {
    const end = Math.min(start + CHUNK, from + count) - 1;
    await pool.query(
      `INSERT INTO eventstore.events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
       SELECT 'proposal-' || (g / 10), g % 10, gen_random_uuid(), 'ProposalSubmitted', 1,
              jsonb_build_object('proposalId', g, 'regionCode', '52.02.01.2001', 'note', repeat('x', 120)),
              $3::jsonb, sha256(int8send(g))
         FROM generate_series($1::bigint, $2::bigint) AS g`,
      [start, end, METADATA],
    );
  }
}

/** Runs `work`, sampling this process's RSS every 20 ms: wall time and peak RSS growth. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRssMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms: Math.round(performance.now() - started), peakRssMb: mb(peak - base) };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  let server: RunningPostgres | undefined;
  const adminUrl = process.env['DATABASE_URL'] ?? (server = await startPostgres()).adminUrl;
  const appendUrl = await createDatabase(adminUrl, 'audit_bench_append');
  try {
    await migrateFresh(appendUrl);
    print({
      ...(await appendWithCheckpoints(appendUrl, {
        rounds: Number(process.env['BENCH_ROUNDS'] ?? 4),
        roundMs: Number(process.env['BENCH_ROUND_MS'] ?? 3_000),
        intervalMs: Number(process.env['BENCH_AUDIT_CHECKPOINT_MS'] ?? 1_000),
        goal: APPEND_GOAL,
      })),
    });
  } finally {
    await dropDatabase(adminUrl, appendUrl).catch(() => undefined);
  }
  if (process.env['BENCH_AUDIT_ONLY'] === 'append') {
    await server?.stop();
    return;
  }
  const url = await createDatabase(adminUrl, 'audit_bench');
  const pool = createPool({ url, max: 4, applicationName: 'audit-bench' });
  try {
    await migrate(pool, [eventstoreMigrations, auditLogMigrations]);
    const filled = await measure(() => fill(pool, 0, EVENTS));
    print({ case: 'fill', events: EVENTS, ms: filled.ms });

    const first = await measure(() => extendTree(pool));
    const size = async (relation: string): Promise<number> =>
      Number((await pool.query<{ n: string }>('SELECT pg_total_relation_size($1) AS n', [relation])).rows[0]?.n);
    print({
      case: 'checkpoint_first',
      leaves: first.result.size,
      ms: first.ms,
      leavesPerSec: Math.round(first.result.size / (first.ms / 1000)),
      peakRssGrowthMb: first.peakRssMb,
      storedLeavesMb: mb(await size('audit_log.leaves')),
      storedNodesMb: mb(await size('audit_log.nodes')),
      eventsTableMb: mb(await size('eventstore.events')),
    });

    await fill(pool, EVENTS, NEXT);
    const next = await measure(() => extendTree(pool));
    print({ case: 'checkpoint_next', added: next.result.added, ms: next.ms, peakRssGrowthMb: next.peakRssMb });
    const idle = await measure(() => extendTree(pool));
    print({ case: 'checkpoint_nothing_new', ms: idle.ms });

    const total = next.result.size;
    const positions = await pool.query<{ position: string }>(
      'SELECT position FROM audit_log.leaves WHERE leaf_index = ANY ($1::bigint[])',
      [Array.from({ length: 50 }, (_, i) => Math.floor((i * total) / 50))],
    );
    let proofMs = 0;
    let checkUs = 0;
    let hashes = 0;
    let bytes = 0;
    for (const row of positions.rows) {
      const started = performance.now();
      const proof = await proveInclusion(pool, { position: row.position });
      proofMs += performance.now() - started;
      const checked = performance.now();
      if (!checkInclusionProof(proof, next.result.root)) throw new Error('inclusion proof failed');
      checkUs += (performance.now() - checked) * 1000;
      hashes = Math.max(hashes, proof.proof.length);
      bytes = Math.max(bytes, JSON.stringify(proof).length);
    }
    const n = positions.rows.length;
    print({
      case: 'inclusion_proof',
      treeSize: total,
      proofs: n,
      maxHashes: hashes,
      maxJsonBytes: bytes,
      proveMsMean: Number((proofMs / n).toFixed(2)),
      verifyUsMean: Number((checkUs / n).toFixed(1)),
    });

    const consistencyStarted = performance.now();
    const consistency = await proveConsistency(pool, EVENTS);
    const proveMs = performance.now() - consistencyStarted;
    const verifyStarted = performance.now();
    if (!checkConsistencyProof(consistency, first.result.root, next.result.root)) throw new Error('consistency failed');
    print({
      case: 'consistency_proof',
      from: EVENTS,
      to: total,
      hashes: consistency.proof.length,
      proveMs: Number(proveMs.toFixed(2)),
      verifyUs: Number(((performance.now() - verifyStarted) * 1000).toFixed(1)),
    });

    const verified = await measure(() => verifyLogAgainstCheckpoint(pool, { size: total, root: next.result.root }));
    if (!verified.result.ok) throw new Error(`verification failed: ${JSON.stringify(verified.result)}`);
    print({
      case: 'verify_from_database',
      leaves: total,
      ms: verified.ms,
      leavesPerSec: Math.round(total / (verified.ms / 1000)),
      peakRssGrowthMb: verified.peakRssMb,
    });
  } finally {
    await pool.end();
    await dropDatabase(adminUrl, url).catch(() => undefined);
    await server?.stop();
  }
}

await main();
