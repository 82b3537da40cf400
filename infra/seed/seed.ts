/**
 * `pnpm siks seed`: a province filled through the system's own write path. The services run
 * here (their workers and HTTP apps, `infra/test/support/system.ts`) on the target database:
 *
 * 1. proposals: each household is drafted and submitted by intake's own `createProposal`
 *    (decide, seal the personal data, append), many at once through a group-commit store, so
 *    they reach the log as batch appends (`append_many`) of intake's real events;
 * 2. checks: verification's consumers open a case per proposal and run its checks;
 * 3. decisions: verifikators verify, return or reject through verification's own command
 *    handling (decisions.ts; with the overrides its rules ask for), in the shares of `fates.ts`;
 *    some stay pending;
 * 4. approvals: admins approve the verified cases (*pengesahan*); intake and the registry follow
 *    through their consumers (households registered);
 * 5. cut-offs: each regency fixes the last month's cut-off.
 *
 * Resumable: proposal ids and their events' ids are derived from the seed and the household's
 * index, so a second run re-appends nothing (intake answers a retried creation idempotently);
 * decided cases are skipped, approved ones answered `already_approved`, a fixed cut-off stays.
 */
import { WindowConfig } from '@siks/contracts';
import { generateHouseholds } from '@siks/testing';
import { withGroupCommit } from '@siks/eventstore';
import { loadRegions } from '@siks/wilayah';
import type { Pool } from '@siks/pg';
import { createProposal, creationEventId } from '../../services/intake/src/proposals/create.ts';
import { toHouseholdData } from '../test/support/households.ts';
import { PROJECTION_NAMES } from '../../services/reporting/src/projections/projection.ts';
import { rebuildProjection } from '../../services/reporting/src/rebuild/rebuild.ts';
import { startSystem, type System } from '../test/support/system.ts';
import { decideAll, approveAll, inParallel, regencyOf } from './decisions.ts';
import { fateOf, type Fate } from './fates.ts';
import { villagesOf } from './villages.ts';

export interface SeedOptions {
  databaseUrl: string;
  /** Households (= new-household proposals) to seed. */
  households: number;
  /** Province code, e.g. '52' (Nusa Tenggara Barat): households go to all its villages. */
  province: string;
  /** Same seed, same province. */
  seed: string;
  /** The end of the seeded year (default: now). */
  today?: Date;
  /** PII keys of the deployment (base64); random ones when absent (a throw-away database). */
  piiKeys?: { master: string; blindIndex: string };
  /** Creations and HTTP requests in flight at once (default 32). */
  concurrency?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
  /** How long to wait at most for the consumers after each phase (default 30 min). */
  waitMs?: number;
}

export interface SeedResult {
  households: number;
  villages: number;
  outcomes: Record<string, number>;
  approvalsHeldAsDuplicates: number;
  cutoffs: number;
  events: number;
  seconds: number;
}

/** Every month and both windows open: a seeded year is not held back by the proposal windows. */
export const ALWAYS_OPEN_WINDOWS = JSON.stringify({
  default: { additions: { fromDay: 1, toDay: 31 }, pbiJk: { fromDay: 1, toDay: 31 } },
});
const CHUNK = 1_000;

export async function runSeed(options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const today = options.today ?? new Date();
  const progress = options.onProgress ?? (() => undefined);
  const concurrency = options.concurrency ?? 256;
  const regions = await loadRegions();
  const villages = villagesOf(regions, options.province);
  const system = await startSystem({
    databaseUrl: options.databaseUrl,
    poolMax: Math.min(24, Math.max(10, Math.ceil(concurrency / 2))),
    env: { intake: { PROPOSAL_WINDOWS: ALWAYS_OPEN_WINDOWS }, verification: { PROPOSAL_WINDOWS: ALWAYS_OPEN_WINDOWS } },
    ...(options.piiKeys ? { piiKeys: options.piiKeys } : {}),
    // Reporting catches up once at the end (rebuilds: batches of thousands), not event by event
    // alongside the other consumers, which it would slow down.
    reportingWorkers: false,
  });
  try {
    const pool = system.platforms.reporting.pool;
    const fates = Array.from({ length: options.households }, (_, index) => fateOf(options.seed, index, today));
    await proposeAll(system, options, villages, fates, today, concurrency, progress);
    await waitFor('checks', progress, options.households, options.waitMs, async () =>
      countSeeded(pool, fates, `status <> 'open'`, 'verification.cases'),
    );
    const verification = system.platforms.verification;
    const caseDeps = { store: verification.store, pool: verification.pool, today, concurrency, progress };
    await decideAll(caseDeps, fates);
    const held = await approveAll(caseDeps, fates);
    const approved = fates.filter((fate) => fate.outcome === 'approved').length - held;
    await waitFor('registry', progress, approved, options.waitMs, async () =>
      countSeeded(pool, fates, `status = 'approved'`, 'intake.proposals'),
    );
    // Progress is the backlog worked off, so a long catch-up is not taken for a stall.
    const backlog = await totalLag(pool);
    await waitFor('consumers', progress, backlog, options.waitMs, async () => backlog - (await totalLag(pool)));
    const cutoffs = await fixCutoffs(system, villages, today, progress);
    await catchUpReporting(system, progress);
    const events = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events')).rows[0]?.n);
    const outcomes: Record<string, number> = {};
    for (const fate of fates) outcomes[fate.outcome] = (outcomes[fate.outcome] ?? 0) + 1;
    return {
      households: options.households,
      villages: new Set(fates.map((_, index) => villages[index % villages.length])).size,
      outcomes,
      approvalsHeldAsDuplicates: held,
      cutoffs,
      events,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await system.close();
  }
}

async function proposeAll(
  system: System,
  options: SeedOptions,
  villages: readonly string[],
  fates: readonly Fate[],
  today: Date,
  concurrency: number,
  progress: NonNullable<SeedOptions['onProgress']>,
): Promise<void> {
  const platform = system.platforms.intake;
  const store = withGroupCommit(platform.store, { maxBatch: 2000 });
  const deps = { store, sealer: platform.keyring, windows: WindowConfig.parse(JSON.parse(ALWAYS_OPEN_WINDOWS)) };
  let done = 0;
  for (let from = 0; from < fates.length; from += CHUNK) {
    const count = Math.min(CHUNK, fates.length - from);
    // Households of chunk k are the generator's households of seed `<seed>:k` (its serials, and so
    // NIK uniqueness, hold within a chunk; across chunks a rare collision is a real-world duplicate).
    const chunkVillages = Array.from({ length: count }, (_, i) => villages[(from + i) % villages.length]!);
    const generated = generateHouseholds({
      seed: `${options.seed}:${from / CHUNK}`,
      count,
      villages: chunkVillages,
      today: today.toISOString().slice(0, 10),
    });
    await inParallel(
      generated.map((household, i) => ({ household, fate: fates[from + i]! })),
      concurrency,
      async ({ household, fate }) => {
        const village = household.villageCode;
        await createProposal(deps, {
          proposalId: fate.proposalId,
          channel: fate.channel,
          content: { type: 'new_household', household: toHouseholdData(household) },
          submit: true,
          metadata: {
            actor: { userId: `operator-${village}`, role: 'operator_desa', regionCode: village },
            channel: fate.channel,
            occurredAt: fate.submittedAt.toISOString(),
            correlationId: fate.proposalId,
            causationId: null,
          },
          now: fate.submittedAt,
          eventId: creationEventId(fate.proposalId),
        });
        progress('proposals', ++done, fates.length);
      },
    );
  }
}

/** The last full month's cut-off of every regency the province has households in. */
async function fixCutoffs(
  system: System,
  villages: readonly string[],
  today: Date,
  progress: NonNullable<SeedOptions['onProgress']>,
): Promise<number> {
  const regencies = [...new Set(villages.map(regencyOf))];
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const period = last.toISOString().slice(0, 7);
  let fixed = 0;
  for (const regency of regencies) {
    const token = await system.token('admin_kabkota', regency);
    const response = await fetch(`${system.urls.registry}/v1/registry/cutoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ regencyCode: regency, period }),
    });
    if (response.status === 201) fixed += 1;
    else if (response.status !== 409) throw new Error(`cut-off of ${regency}: HTTP ${response.status}`);
    progress('cut-offs', fixed, regencies.length);
  }
  progress('cut-offs', regencies.length, regencies.length);
  return fixed;
}

/** Reporting's projections rebuilt from their topics: the seed's bulk catch-up (see startSystem). */
async function catchUpReporting(system: System, progress: NonNullable<SeedOptions['onProgress']>): Promise<void> {
  const { pool, bus } = system.platforms.reporting;
  let done = 0;
  for (const name of PROJECTION_NAMES) {
    progress('reporting', done, PROJECTION_NAMES.length);
    await rebuildProjection({ pool, bus }, name, { handoverMs: 0 });
    done += 1;
  }
  progress('reporting', done, PROJECTION_NAMES.length);
}

/** Seeded proposals whose row in `table` matches `where` (in slices, so a large seed stays cheap). */
async function countSeeded(pool: Pool, fates: readonly Fate[], where: string, table: string): Promise<number> {
  let count = 0;
  for (let from = 0; from < fates.length; from += 50_000) {
    const ids = fates.slice(from, from + 50_000).map((fate) => fate.proposalId);
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} WHERE proposal_id = ANY ($1::uuid[]) AND ${where}`,
      [ids],
    );
    count += Number(rows[0]?.n ?? 0);
  }
  return count;
}

/** Messages every consumer group has still to handle (reporting's catch up after, by rebuilds). */
async function totalLag(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ lag: string | null }>(
    `SELECT sum(p.next_offset - o.committed_offset) AS lag
       FROM bus.group_offsets o JOIN bus.partitions p USING (topic, partition)
      WHERE o.group_id NOT LIKE 'reporting.%'`,
  );
  return Number(rows[0]?.lag ?? 0);
}

async function waitFor(
  phase: string,
  progress: NonNullable<SeedOptions['onProgress']>,
  total: number,
  waitMs = 30 * 60_000,
  count: () => Promise<number>,
): Promise<void> {
  const until = Date.now() + waitMs;
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const done = await count();
    progress(phase, Math.min(done, total), total);
    if (done >= total) return;
    if (done !== last) {
      last = done;
      lastChange = Date.now();
    }
    if (Date.now() > until || Date.now() - lastChange > 5 * 60_000) {
      throw new Error(`seed: ${phase} stopped at ${done} of ${total}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
