import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPostgresBus } from '@siks/bus';
import { Topics } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { proposalStreams } from '../bench/events.ts';
import { migrations } from '../src/migrations.ts';
import { PROJECTION_NAMES } from '../src/projections/projection.ts';
import { ensureStates } from '../src/projections/state.ts';
import { rebuildProjection } from '../src/rebuild/rebuild.ts';
import { startWorkers } from '../src/workers.ts';
import { settle } from './support/settle.ts';
import { snapshot } from './support/snapshot.ts';

const url = await useTestDatabase('reporting_crash');
const platform = await createTestPlatform(url, 'reporting-crash');
await migrate(platform.pool, [migrations]);
await ensureStates(platform.pool);
// Short sessions, so the killed worker's partitions move on within a second.
const bus = createPostgresBus({ pool: platform.pool, pollIntervalMs: 50, sessionTimeoutMs: 1000 });
afterAll(async () => {
  await bus.close();
  await platform.close();
});

const PROPOSALS = 120;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const applied = async () =>
  Number((await platform.pool.query('SELECT coalesce(sum(events), 0) AS n FROM reporting.audit_progress')).rows[0].n);

describe('a worker killed mid-batch', () => {
  it('leaves every event applied exactly once after a restart', async () => {
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let i = lane; i < PROPOSALS; i += 8) {
          for (const [stream, events] of proposalStreams(i, Date.parse('2025-06-16T02:00:00Z'))) {
            await platform.store.append(stream, events, 'any');
          }
        }
      }),
    );
    const relays = [
      platform.startRelay(Topics.intakeProposals, ['proposal-']),
      platform.startRelay(Topics.documentEvidence, ['document-']),
      platform.startRelay(Topics.verificationCases, ['case-']),
      platform.startRelay(Topics.registryHouseholds, ['household-']),
    ];
    await Promise.all(relays.map((relay) => relay.caughtUp()));
    const total = Number((await platform.pool.query('SELECT count(*) FROM eventstore.events')).rows[0].count);

    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./support/crash-worker.ts', import.meta.url)), url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    try {
      const until = Date.now() + 30_000;
      while ((await applied()) < 100 && Date.now() < until) await sleep(20);
    } finally {
      worker.kill('SIGKILL');
      await exited;
    }
    const atKill = await applied();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(total); // killed on the way, not after

    const workers = await startWorkers({ pool: platform.pool, bus, batchSize: 50, checkIntervalMs: 100 });
    try {
      await settle(relays, platform.pool, bus, PROJECTION_NAMES, 60_000);
    } finally {
      await workers.stop();
      await Promise.all(relays.map((relay) => relay.stop()));
    }
    expect(await applied()).toBe(total);
    const counts = await platform.pool.query(
      `SELECT stage, applied, sum(n)::int AS n FROM reporting.proposal_counts GROUP BY 1, 2`,
    );
    expect(counts.rows).toEqual([{ stage: 'approved', applied: true, n: PROPOSALS }]);
    for (const name of PROJECTION_NAMES) {
      const live = await snapshot(platform.pool, name);
      await rebuildProjection({ pool: platform.pool, bus }, name, { handoverMs: 0 });
      expect(await snapshot(platform.pool, name), name).toEqual(live);
    }
  });
});
