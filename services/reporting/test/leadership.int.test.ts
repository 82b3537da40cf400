import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations.ts';
import { groupId, PROJECTION_NAMES } from '../src/projections/projection.ts';
import { startWorkers } from '../src/workers.ts';
import { settle, startRelays } from './support/settle.ts';
import { LENENG, PRAYA } from './support/scenario.ts';
import { Story } from './support/story.ts';

/**
 * Two reporting processes (replicas) on one database: each projection is fed by one of them at a
 * time, never by both (its batches read, evolve and write whole rows), and the other takes over
 * when the first stops.
 */
const url = await useTestDatabase('reporting_leadership');
const platform = await createTestPlatform(url, 'reporting-leadership');
await migrate(platform.pool, [migrations]);
const relays = startRelays(platform);
afterAll(() => platform.close());

const allLive = Object.fromEntries(PROJECTION_NAMES.map((name) => [name, 1]));
const noneLive = Object.fromEntries(PROJECTION_NAMES.map((name) => [name, undefined]));

async function members(): Promise<number[]> {
  const { rows } = await platform.pool.query<{ n: number }>(
    `SELECT (SELECT count(*)::int FROM bus.group_members m WHERE m.group_id = g) AS n
       FROM unnest($1::text[]) AS g`,
    [PROJECTION_NAMES.map((name) => groupId(name, 1))],
  );
  return rows.map((row) => row.n);
}

const draftsIn = async (village: string): Promise<number> => {
  const { rows } = await platform.pool.query<{ n: number }>(
    `SELECT coalesce(sum(n), 0)::int AS n FROM reporting.proposal_counts WHERE region_code = $1 AND stage = 'draft'`,
    [village],
  );
  return rows[0]!.n;
};

describe('two reporting processes', () => {
  it('feed each projection from one of them, and the other takes over when it stops', async () => {
    const first = await startWorkers({ pool: platform.pool, bus: platform.bus, checkIntervalMs: 100 });
    const second = await startWorkers({ pool: platform.pool, bus: platform.bus, checkIntervalMs: 100 });
    try {
      expect(first.generations()).toEqual(allLive);
      expect(second.generations()).toEqual(noneLive);
      await new Story(platform).draft({ village: PRAYA });
      await settle(relays, platform.pool, platform.bus);
      expect(await draftsIn(PRAYA)).toBe(1);
      expect(await members()).toEqual(PROJECTION_NAMES.map(() => 1));

      await first.stop();
      const until = Date.now() + 10_000;
      while (Object.values(second.generations()).some((generation) => generation === undefined)) {
        if (Date.now() > until)
          throw new Error(`the second process did not take over: ${JSON.stringify(second.generations())}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(second.generations()).toEqual(allLive);
      await new Story(platform).draft({ village: LENENG });
      await settle(relays, platform.pool, platform.bus);
      expect(await draftsIn(LENENG)).toBe(1);
      expect(await members()).toEqual(PROJECTION_NAMES.map(() => 1));
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
