/**
 * The operations `pnpm bench:scale` times at every size (scale.bench.ts): what operators and
 * dashboards do, over real HTTP against the services of `startSystem`, plus one verification's
 * fact gathering (duplicates and conflicts against the whole province) called directly.
 */
import type { Pool } from '@siks/pg';
import { generateHouseholds } from '@siks/testing';
import { gatherFacts, loadProposals } from '../../services/verification/src/inputs/gather.ts';
import type { System } from '../test/support/system.ts';
import { loadRegions } from '@siks/wilayah';
import { fateOf } from '../seed/fates.ts';
import { villagesOf } from '../seed/villages.ts';
import { toHouseholdData } from '../test/support/households.ts';

export interface Operation {
  name: string;
  /** One timed run; resolves when the answer is complete. */
  run(sample: number): Promise<void>;
}

async function ok(response: Promise<Response>, what: string, expected = 200): Promise<void> {
  const answer = await response;
  const body = await answer.text();
  if (answer.status !== expected) throw new Error(`${what}: HTTP ${answer.status} ${body.slice(0, 200)}`);
}

export interface ScaleContext {
  system: System;
  pool: Pool;
  province: string;
  seed: string;
  households: number;
  today: Date;
}

/** Builds the operations on a seeded database (picks a village, district, household, NIK, …). */
export async function scaleOperations(context: ScaleContext): Promise<Operation[]> {
  const { system, pool, province } = context;
  const national = await system.token('pusdatin', '');
  const get = (base: string, path: string, token = national) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const post = (base: string, path: string, body: unknown, token = national) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  // The busiest village (most households) and its district and regency.
  const busiest = (
    await pool.query<{ region_code: string }>(
      `SELECT region_code FROM registry.households GROUP BY region_code ORDER BY count(*) DESC, region_code LIMIT 1`,
    )
  ).rows[0]?.region_code;
  if (!busiest) throw new Error('bench:scale: no household in the registry');
  const village = busiest;
  const district = village.slice(0, 8);
  const regency = village.slice(0, 5);
  const total = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM registry.households')).rows[0]?.n);
  const deepCursor = (
    await pool.query<{ household_id: string }>(
      `SELECT household_id FROM registry.households ORDER BY household_id OFFSET $1 LIMIT 1`,
      [Math.floor(total * 0.9)],
    )
  ).rows[0]?.household_id;
  const households = (
    await pool.query<{ household_id: string }>(
      `SELECT household_id FROM registry.households ORDER BY household_id LIMIT 200`,
    )
  ).rows.map((row) => row.household_id);
  // Real NIKs: the seed's first chunk regenerated (it is deterministic), approved households only.
  const villages = villagesOf(await loadRegions(), province);
  const firstChunk = Math.min(1000, context.households);
  const niks = generateHouseholds({
    seed: `${context.seed}:0`,
    count: firstChunk,
    villages: Array.from({ length: firstChunk }, (_, i) => villages[i % villages.length]!),
    today: context.today.toISOString().slice(0, 10),
  })
    .filter((_, index) => fateOf(context.seed, index, context.today).outcome === 'approved')
    .map((household) => toHouseholdData(household).members[0]?.nik)
    .filter((nik): nik is string => nik !== undefined)
    .slice(0, 200);
  const operators = (
    await pool.query<{ user_id: string }>(
      `SELECT DISTINCT metadata -> 'actor' ->> 'userId' AS user_id FROM eventstore.events
        WHERE stream_id LIKE 'proposal-%' AND revision = 0 LIMIT 50`,
    )
  ).rows.map((row) => row.user_id);
  const pending = (
    await pool.query<{ proposal_id: string }>(
      `SELECT proposal_id FROM verification.cases WHERE status = 'checks_done' ORDER BY proposal_id LIMIT 200`,
    )
  ).rows.map((row) => row.proposal_id);
  const midYear = new Date(context.today.getTime() - 182 * 24 * 3600 * 1000).toISOString();
  // Past months (the seed fixed last month's): each run fixes a regency's period not fixed yet.
  const cutoffPeriods = Array.from({ length: 60 }, (_, i) => {
    const month = new Date(Date.UTC(context.today.getUTCFullYear(), context.today.getUTCMonth() - 2 - i, 1));
    return month.toISOString().slice(0, 7);
  });
  const regencies = (
    await pool.query<{ regency: string }>(
      `SELECT DISTINCT left(region_code, 5) AS regency FROM registry.households ORDER BY 1`,
    )
  ).rows.map((row) => row.regency);
  const adminTokens = new Map(
    await Promise.all(regencies.map(async (code) => [code, await system.token('admin_kabkota', code)] as const)),
  );
  // Lists of names count against each reader's daily budget of rows: the samples are many readers.
  const readers = await Promise.all(
    Array.from({ length: 64 }, (_, i) => system.token('pusdatin', '', `bench-reader-${i}`)),
  );
  const verification = system.platforms.verification;
  let cutoffsMade = 0;
  const at = <T>(list: readonly T[], sample: number): T => {
    const value = list[sample % list.length];
    if (value === undefined) throw new Error('bench:scale: nothing to sample');
    return value;
  };
  const { reporting, registry } = system.urls;

  return [
    ...(
      [
        ['village', village],
        ['district', district],
        ['regency', regency],
        ['province', province],
      ] as const
    ).map(([level, code]) => ({
      name: `dashboard summary (${level})`,
      run: () => ok(get(reporting, `/v1/reports/regions/${code}/summary`), 'summary'),
    })),
    {
      name: 'timeseries (province, submitted per month)',
      run: () =>
        ok(get(reporting, `/v1/reports/regions/${province}/timeseries?metric=submitted&interval=month`), 'timeseries'),
    },
    {
      name: 'household list (province, first page)',
      run: (sample) =>
        ok(get(registry, `/v1/registry/households?region=${province}&limit=50`, at(readers, sample)), 'list'),
    },
    {
      name: 'household list (province, deep page)',
      run: (sample) =>
        ok(
          get(
            registry,
            `/v1/registry/households?region=${province}&limit=50&cursor=${deepCursor ?? ''}`,
            at(readers, sample + 32),
          ),
          'deep',
        ),
    },
    {
      name: 'NIK lookup',
      run: (sample) => ok(post(registry, '/v1/registry/lookup', { nik: at(niks, sample) }), 'lookup'),
    },
    {
      name: 'household history',
      run: (sample) => ok(get(registry, `/v1/registry/households/${at(households, sample)}/history`), 'history'),
    },
    {
      name: 'household asOf (mid-year)',
      run: (sample) =>
        ok(
          get(registry, `/v1/registry/households/${at(households, sample)}?asOf=${encodeURIComponent(midYear)}`),
          'asOf',
          200,
        ).catch(
          // A household registered after mid-year did not exist then: 404 is its honest answer.
          async (error: unknown) => {
            if (!String(error).includes('HTTP 404')) throw error;
          },
        ),
    },
    {
      name: 'audit by operator',
      run: (sample) =>
        ok(get(reporting, `/v1/reports/audit?actor=${encodeURIComponent(at(operators, sample))}`), 'audit'),
    },
    {
      name: 'verification of a proposal (duplicates and conflicts, whole province)',
      run: async (sample) => {
        const id = at(pending, sample);
        const loaded = await loadProposals(verification.pool, [id]);
        const facts = await gatherFacts(verification.pool, verification.keyring, [...loaded.values()]);
        if (!facts.has(id)) throw new Error('verification: no facts');
      },
    },
    {
      name: 'create a cut-off',
      run: async () => {
        const next = cutoffsMade++;
        const regency = at(regencies, next);
        const period = at(cutoffPeriods, Math.floor(next / regencies.length));
        await ok(
          post(registry, '/v1/registry/cutoffs', { regencyCode: regency, period }, adminTokens.get(regency)),
          'cut-off',
          201,
        );
      },
    },
  ];
}
